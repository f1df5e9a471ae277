package org.factorline.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Reads the signed-in {@link Actor} from the security context; outside a request, the system. */
public final class CurrentActor {

    private CurrentActor() {}

    public static Actor get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof SignedInUser user) {
            return user.actor();
        }
        return Actor.system();
    }
}
