package org.factorline.identity;

/** What a person may do. Staff roles belong to the factor; client roles are bound to one client. */
public enum Role {
    ADMIN(true),
    ACCOUNT_MANAGER(true),
    UNDERWRITER(true),
    VERIFIER(true),
    FUNDING_OFFICER(true),
    /** Reads everything, changes nothing. */
    AUDITOR(true),
    CLIENT_ADMIN(false),
    CLIENT_USER(false);

    private final boolean staff;

    Role(boolean staff) {
        this.staff = staff;
    }

    public boolean isStaff() {
        return staff;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
