package org.factorline.identity.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.IdempotencyFilter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The calling user and its API tokens")
class MeController {

    private final UserAccounts users;

    MeController(UserAccounts users) {
        this.users = users;
    }

    record NewToken(String name) {}

    @GetMapping
    @Operation(summary = "Who the token belongs to: name, roles and client")
    UserAccounts.UserView me() {
        UUID id = userId();
        return users.find(id).orElseThrow(() -> FactorlineException.notFound("user", id));
    }

    @GetMapping("/tokens")
    @Operation(summary = "The caller's API tokens (never the secret, only its first characters)")
    List<UserAccounts.TokenView> tokens() {
        return users.tokensOf(userId());
    }

    @PostMapping("/tokens")
    @Operation(summary = "Issue an API token; the token is in this response only and cannot be shown again")
    ResponseEntity<UserAccounts.IssuedToken> issue(@RequestBody NewToken body, HttpServletRequest request) {
        // The response carries a secret: it must not be kept for Idempotency-Key replays.
        request.setAttribute(IdempotencyFilter.SECRET_RESPONSE, Boolean.TRUE);
        var issued = users.issueToken(userId(), body == null ? null : body.name());
        return ResponseEntity.created(URI.create("/api/v1/me/tokens/" + issued.id()))
                .body(issued);
    }

    @DeleteMapping("/tokens/{id}")
    @Operation(summary = "Revoke one of the caller's API tokens; it is refused from then on")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        users.revokeToken(userId(), id);
        return ResponseEntity.noContent().build();
    }

    private static UUID userId() {
        Actor actor = CurrentActor.get();
        if (actor.userId() == null) {
            throw FactorlineException.notFound("user", actor.username());
        }
        return actor.userId();
    }
}
