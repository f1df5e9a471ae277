package org.factorline.invoices;

import java.time.LocalDate;
import java.util.List;
import org.factorline.clients.Agreement;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.stereotype.Component;

/** Whether a client may sell invoices, and under which agreement: shared by one-by-one submission and import. */
@Component
class ClientTerms {

    private final Clients clients;

    ClientTerms(Clients clients) {
        this.clients = clients;
    }

    /** The client, if the actor may see it and it is active; "not found" or "not active" otherwise. */
    Client activeClient(ClientId id) {
        Client client = clients.get(id);
        if (client.status() != ClientStatus.ACTIVE) {
            throw new FactorlineException(
                    ErrorCode.CLIENT_NOT_ACTIVE,
                    "Client " + client.reference() + " is " + client.status()
                            + "; only an active client sells invoices",
                    List.of(FieldProblem.of("clientId", id, "is not an active client")));
        }
        return client;
    }

    /** The agreement version in force on the date, or {@link ErrorCode#AGREEMENT_MISSING}. */
    Agreement agreementOn(Client client, LocalDate date, String field) {
        return clients.agreementInForce(client, date)
                .orElseThrow(() -> new FactorlineException(
                        ErrorCode.AGREEMENT_MISSING,
                        "Client " + client.reference() + " has no factoring agreement in force on " + date,
                        List.of(FieldProblem.of(field, date, "has no factoring agreement in force on " + date))));
    }
}
