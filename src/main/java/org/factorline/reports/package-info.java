/**
 * Read-side reports for staff and auditors: aging as of any date, concentration, funds employed and
 * availability, fees earned and annualized yield, DSO (countback), dilution, collection effectiveness, the
 * reserve, the accounting export of the journal, verification turnaround and dispute rate, debtor contacts
 * and relationship health, and cash reconciliation. Each report
 * is a {@link org.factorline.reports.ReportTable} (parameters, rows, totals, an optional chart) rendered
 * as a page, CSV, PDF and JSON. Reports read the other modules' tables with set-based SQL (the design
 * guide lets the reporting module read from everyone; nobody depends on it) and change nothing.
 */
package org.factorline.reports;
