package org.factorline.debtors;

import java.time.LocalDate;
import java.util.UUID;

/** A client selling invoices on a debtor, and where the notice of assignment stands for the pair. */
public record ClientDebtor(UUID clientId, DebtorId debtorId, NotificationState notificationState, LocalDate since) {}
