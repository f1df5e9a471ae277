package org.factorline.identity.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Staff and client users")
class UserController {

    private final UserAccounts users;

    UserController(UserAccounts users) {
        this.users = users;
    }

    @GetMapping
    @Operation(summary = "List users, newest first (administrators only)")
    CursorPage<UserAccounts.UserView> list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return users.list(CursorPage.Request.of(cursor, limit), q);
    }

    @PostMapping
    @Operation(
            summary = "Create a user: administrators create staff users; administrators and account managers"
                    + " create client users; a client admin creates CLIENT_USERs of its own client")
    ResponseEntity<UserAccounts.UserView> create(@RequestBody UserAccounts.NewUser user) {
        if (user == null) {
            throw FactorlineException.invalid("body", null, "is required");
        }
        var created = users.create(user);
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.id()))
                .body(created);
    }
}
