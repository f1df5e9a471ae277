package org.factorline.pricing;

/** How the debtor's money arrived: a check earns the agreement's clearance days, electronic money does not. */
public enum ReceiptKind {
    ELECTRONIC,
    CHECK
}
