package org.factorline.invoices;

/** How a schedule arrived: typed into a form, imported from a CSV file, or sent through the API. */
public enum ScheduleSource {
    MANUAL,
    CSV,
    API
}
