package org.factorline.web;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;

/** The new-user form: a staff user has no client; a client user has one and client roles only. */
public class UserForm {
    private String username;
    private String displayName;
    private String email;
    private String phone;
    private String password;
    private UUID clientId;
    private Set<Role> roles = EnumSet.noneOf(Role.class);

    UserAccounts.NewUser toNewUser() {
        return new UserAccounts.NewUser(
                username == null ? null : username.strip(),
                displayName,
                email,
                phone == null || phone.isBlank() ? null : phone.strip(),
                password,
                clientId,
                roles == null ? Set.of() : Set.copyOf(roles));
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String v) {
        username = v;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String v) {
        displayName = v;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String v) {
        email = v;
    }

    public String getPhone() {
        return phone;
    }

    public void setPhone(String v) {
        phone = v;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String v) {
        password = v;
    }

    public UUID getClientId() {
        return clientId;
    }

    public void setClientId(UUID v) {
        clientId = v;
    }

    public Set<Role> getRoles() {
        return roles;
    }

    public void setRoles(Set<Role> v) {
        roles = v;
    }
}
