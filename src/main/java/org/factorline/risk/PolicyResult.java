package org.factorline.risk;

/**
 * One policy's answer for one invoice: allowed or refused, with the reason staff see. A refusal that a
 * second person approved an override for counts as allowed, and says so.
 */
public record PolicyResult(Policy policy, boolean allowed, String reason, boolean overridden) {

    static PolicyResult allow(Policy policy, String reason) {
        return new PolicyResult(policy, true, reason, false);
    }

    static PolicyResult refuse(Policy policy, String reason) {
        return new PolicyResult(policy, false, reason, false);
    }

    /** Allowed by the policy itself, or by an approved override. */
    public boolean passes() {
        return allowed || overridden;
    }

    PolicyResult overriddenBy(String who, String why) {
        return new PolicyResult(policy, false, reason + " — overridden (" + why + ", approved by " + who + ")", true);
    }
}
