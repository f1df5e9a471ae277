package org.factorline.identity;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The security principal: an {@link Actor} plus what Spring Security needs to check a password. */
public record SignedInUser(Actor actor, String passwordHash, boolean enabled, boolean locked) implements UserDetails {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> list = new java.util.ArrayList<>();
        actor.roles().forEach(r -> list.add(new SimpleGrantedAuthority(r.authority())));
        list.add(new SimpleGrantedAuthority(actor.isStaff() ? "ROLE_STAFF" : "ROLE_CLIENT"));
        return list;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return actor.username();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }
}
