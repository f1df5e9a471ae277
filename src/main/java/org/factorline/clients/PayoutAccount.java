package org.factorline.clients;

/** Where the client's advances and rebates are paid, as shown to people: the account number masked. */
public record PayoutAccount(String accountName, String routingNumber, String accountNumberMasked) {}
