package org.factorline.identity;

import java.util.UUID;

/**
 * Tells the identity module whether a client exists, so that a client user is never bound to a client
 * that is not there. The clients module provides it; identity cannot depend on clients.
 */
public interface ClientDirectory {

    boolean exists(UUID clientId);
}
