/**
 * Fee schedules and fee calculation: pure functions of an agreement's terms, amounts and dates, with no
 * I/O, so that a quote, a funding and a close-out always agree.
 */
package org.factorline.pricing;
