package org.factorline.identity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.factorline.shared.FactorlineException;

/**
 * The person or process behind a request. A client user carries its client's id; every read and write
 * of client data goes through {@link #requireClient(UUID)} or {@link #clientScope()}, so a client user
 * can never reach another client's records, nor learn that they exist.
 */
public record Actor(UUID userId, String username, String displayName, UUID clientId, Set<Role> roles) {

    public Actor {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** Scheduled jobs, migrations and the demo loader act as the system. */
    public static Actor system() {
        return new Actor(null, "system", "Factorline", null, EnumSet.of(Role.ADMIN));
    }

    public boolean isStaff() {
        return clientId == null;
    }

    public boolean isClientUser() {
        return clientId != null;
    }

    /** Empty for staff (every client); the client's id for a client user. */
    public Optional<UUID> clientScope() {
        return Optional.ofNullable(clientId);
    }

    public boolean hasAnyRole(Role... wanted) {
        return Arrays.stream(wanted).anyMatch(roles::contains);
    }

    public boolean canSeeClient(UUID client) {
        return clientId == null || clientId.equals(client);
    }

    /** Refuses, as "not found", any client other than the user's own: existence is not revealed. */
    public void requireClient(UUID client) {
        if (!canSeeClient(client)) {
            throw FactorlineException.notFound("client", client);
        }
    }

    /** Any of the factor's staff roles (the read-only auditor included); never a client user. */
    public void requireStaff() {
        if (!isStaff() || roles.stream().noneMatch(Role::isStaff)) {
            throw new org.springframework.security.access.AccessDeniedException("requires a staff role");
        }
    }

    public void requireRole(Role... wanted) {
        if (!hasAnyRole(wanted)) {
            throw new org.springframework.security.access.AccessDeniedException(
                    "requires one of " + Arrays.toString(wanted));
        }
    }
}
