package org.factorline.clients;

import java.time.Instant;

/** One version of a client's factoring agreement. Versions are never edited; a change is a new version. */
public record Agreement(
        AgreementId id, ClientId clientId, int version, AgreementTerms terms, Instant createdAt, String createdBy) {}
