/**
 * Everything said to debtors: the planner that turns what needs saying into messages, the contact
 * policy that delays, merges or refuses them and records why, the letters and e-mails, the outbox and
 * its SMTP delivery, signed debtor links and the debtor's answers, tasks for people, and the contact log
 * the client sees.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Outreach")
package org.factorline.outreach;
