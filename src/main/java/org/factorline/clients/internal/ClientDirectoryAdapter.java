package org.factorline.clients.internal;

import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.identity.ClientDirectory;
import org.springframework.stereotype.Component;

/** Answers the identity module's question "does this client exist?" without exposing the client. */
@Component
class ClientDirectoryAdapter implements ClientDirectory {

    private final ClientRepository clients;

    ClientDirectoryAdapter(ClientRepository clients) {
        this.clients = clients;
    }

    @Override
    public boolean exists(UUID clientId) {
        return clientId != null && clients.find(new ClientId(clientId)).isPresent();
    }
}
