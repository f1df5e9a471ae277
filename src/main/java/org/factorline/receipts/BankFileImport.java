package org.factorline.receipts;

import java.util.List;
import java.util.UUID;
import org.factorline.shared.Money;

/**
 * What one bank file brought: its reference, how many credits it held and their total, how many the
 * matching engine applied by itself, and those left for a person (unapplied cash with suggestions);
 * and whether the ledger invariants still hold after it. {@code received} lists the payments the file
 * brought, in file order, except for a large file handed over by operations ({@link
 * BankFileImports#importLargeFile}), whose payments are counted here and listed only in the database.
 */
public record BankFileImport(
        UUID id,
        String reference,
        BankFileFormat format,
        String fileName,
        int payments,
        Money total,
        int appliedAutomatically,
        int leftForReview,
        List<Payment> received,
        boolean ledgerInvariantsHold,
        int ledgerInvariantViolations) {}
