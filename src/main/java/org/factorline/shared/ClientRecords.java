package org.factorline.shared;

import java.util.UUID;

/**
 * One module's part of a client's full export: each module that holds records about a client implements
 * this and hands its own queries to the sink, so no single class reads every module's tables. Queries name
 * their columns one by one (never {@code select *}), so a column added later — a secret, a hash — is never
 * exported until someone decides it should be.
 */
public interface ClientRecords {

    /** Writes everything this module holds about the client. */
    void export(UUID clientId, Sink sink);

    /** Where the records go: one CSV file per kind of record, and files (documents) as they are. */
    interface Sink {

        /**
         * The rows of {@code sql} as {@code <name>.csv}, the column labels as its header. The statement must be
         * a literal with every value bound through {@code params}; rows are read and written as they come.
         */
        void csv(String name, String sql, Object... params);

        /**
         * One file per row of {@code sql}, under {@code <folder>/}: the first column names the file (made safe
         * for a path), the second holds its bytes.
         */
        void files(String folder, String sql, Object... params);
    }
}
