package org.factorline.reports;

/** A report in the catalogue: its name in URLs, its title and what it answers. */
public record ReportInfo(String name, String title, String description) {}
