package org.factorline.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Reads the signed-in {@link Actor} from the security context; outside a request, the system. */
public final class CurrentActor {

    private CurrentActor() {}

    /**
     * Runs {@code work} as the actor — for jobs, the demo loader and the simulator, which act for a
     * named person without a request — then restores whoever was acting before.
     */
    public static <T> T runAs(Actor actor, java.util.function.Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        var user = new SignedInUser(actor, "", true, false);
        context.setAuthentication(new org.springframework.security.authentication.UsernamePasswordAuthenticationToken(
                user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public static Actor get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof SignedInUser user) {
            return user.actor();
        }
        return Actor.system();
    }
}
