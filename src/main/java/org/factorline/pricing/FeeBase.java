package org.factorline.pricing;

/** What the discount fee percentage is taken of. */
public enum FeeBase {
    FACE,
    ADVANCE,
    COLLECTED
}
