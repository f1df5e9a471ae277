package org.factorline.support;

import org.factorline.identity.Actor;
import org.factorline.identity.SignedInUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Signs a MockMvc page request in as an actor, the way form sign-in would (the principal is a SignedInUser). */
public final class SignedIn {

    private SignedIn() {}

    public static RequestPostProcessor as(Actor actor) {
        SignedInUser user = new SignedInUser(actor, "", true, false);
        return SecurityMockMvcRequestPostProcessors.authentication(
                new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
    }
}
