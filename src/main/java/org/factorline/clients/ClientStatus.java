package org.factorline.clients;

/** A client is onboarded as a prospect, sells invoices while active, and may be suspended or terminated. */
public enum ClientStatus {
    PROSPECT,
    ACTIVE,
    SUSPENDED,
    TERMINATED
}
