package org.factorline.ledger;

import java.time.LocalDate;

/**
 * The ledger's day totals were filled (or found filled) through {@code through}, in the filling transaction, which
 * on PostgreSQL holds the lock that keeps postings from moving the horizon meanwhile: every posting dated on or
 * before {@code through} is committed and visible. {@code unchangedThrough} is the horizon before this fill: a
 * posting dated after it may have been made since the previous fill (a back-dated posting moved the horizon back
 * to it), so totals kept elsewhere from the same postings are good only up to it and must be filled again after
 * it. Listeners run in the same transaction; one that fails rolls the fill back.
 */
public record LedgerDaysFilled(LocalDate unchangedThrough, LocalDate through) {}
