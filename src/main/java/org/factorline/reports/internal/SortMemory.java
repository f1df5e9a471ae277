package org.factorline.reports.internal;

import org.factorline.shared.BulkLoad;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code factorline.reports.work-mem} (32 MB): how much each sort or hash step of a report, and of the book-day
 * fill, may use on PostgreSQL before it spills to disk (per step and parallel worker). A value that is not a
 * size is refused at start-up, naming the setting.
 */
@Component
public class SortMemory {

    private final JdbcClient jdbc;
    private final boolean postgres;
    private final String size;

    public SortMemory(JdbcClient jdbc, BulkLoad bulk, @Value("${factorline.reports.work-mem:32MB}") String size) {
        if (!size.matches("[1-9][0-9]{0,6}(kB|MB|GB)")) {
            throw new IllegalArgumentException(
                    "factorline.reports.work-mem: '" + size + "' is not a size such as 32MB (kB, MB or GB)");
        }
        this.jdbc = jdbc;
        this.postgres = bulk.postgres();
        this.size = size;
    }

    /** On PostgreSQL, sets {@code work_mem} to the setting for the rest of the current transaction. */
    public void inThisTransaction() {
        if (postgres) {
            jdbc.sql("select set_config('work_mem', :mem, true)")
                    .param("mem", size)
                    .query()
                    .singleRow();
        }
    }
}
