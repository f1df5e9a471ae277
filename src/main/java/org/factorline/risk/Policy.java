package org.factorline.risk;

/** The eligibility policies, each a question asked of every invoice before it is funded. */
public enum Policy {
    CLIENT_STATUS("The client is active"),
    DEBTOR_STATUS("The debtor is active"),
    VERIFICATION("The debtor has verified the invoice where the agreement requires it"),
    NOTICE_OF_ASSIGNMENT("The debtor has acknowledged the notice of assignment (notification agreements)"),
    DUPLICATE("The invoice is not flagged as a possible duplicate"),
    INVOICE_AGE("The invoice is not too old to buy"),
    PAST_DUE("The invoice is not past due"),
    DEBTOR_CREDIT_LIMIT("The debtor stays within its credit limit across all clients"),
    CONCENTRATION("The debtor stays within the client's concentration limit"),
    FACILITY_LIMIT("The client stays within its facility limit");

    private final String question;

    Policy(String question) {
        this.question = question;
    }

    public String question() {
        return question;
    }
}
