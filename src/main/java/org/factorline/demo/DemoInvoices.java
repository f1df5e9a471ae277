package org.factorline.demo;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.springframework.stereotype.Component;

/** The demo invoices: spread over the last months, in every state of their life. */
@Component
class DemoInvoices {

    int load(List<Client> clients, List<Debtor> debtors, LocalDate today, Random random) {
        return 0;
    }
}
