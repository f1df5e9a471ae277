/**
 * What the client hears without asking: a daily e-mail digest (funded, paid, disputes, contacts planned),
 * each section switchable, to the people who asked for it; and signed webhooks to the client's own systems
 * for invoice status changes, payments applied and contacts logged, retried with a growing pause and logged.
 * Both read the facts from the tables that already record them, each reader with its own high-water mark,
 * so nothing is missed while the application is down and nothing is reported twice.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Notifications",
        allowedDependencies = {"shared", "identity", "outreach"})
package org.factorline.notifications;
