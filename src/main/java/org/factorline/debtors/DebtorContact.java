package org.factorline.debtors;

import java.util.UUID;

/** A person or mailbox in the debtor's accounts-payable team. */
public record DebtorContact(UUID id, String name, String email, String phone, boolean primary) {}
