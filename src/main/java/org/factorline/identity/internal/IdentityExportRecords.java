package org.factorline.identity.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** The client's people, their roles and API tokens (never a password hash, a token or its hash, nor a second-factor secret: only whether one is set), and the audit lines about the client. */
@Component
class IdentityExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("users", """
                select id, username, display_name, email, phone, kind, client_id, enabled, locked_until, created_at,
                       case when totp_secret is null then false else true end as second_factor
                from app_user where client_id = ? order by created_at, id""", clientId);
        sink.csv("user_roles", """
                select r.user_id, r.role from user_role r join app_user u on u.id = r.user_id
                where u.client_id = ? order by r.user_id, r.role""", clientId);
        sink.csv("api_tokens", """
                select t.id, t.user_id, t.name, t.created_at, t.last_used_at, t.revoked_at
                from api_token t join app_user u on u.id = t.user_id
                where u.client_id = ? order by t.created_at, t.id""", clientId);
        sink.csv("audit_lines", """
                select id, occurred_at, actor, action, entity_type, entity_id, client_id, summary, before_json,
                       after_json, reason, chain_seq, row_hash
                from audit_event where client_id = ? order by occurred_at, id""", clientId);
    }
}
