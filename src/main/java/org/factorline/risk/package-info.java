/**
 * Whether an invoice may be bought: small named eligibility policies, each answering allowed or refused
 * with a reason staff can read, and overrides that need a reason, a permitted role and a second person.
 */
package org.factorline.risk;
