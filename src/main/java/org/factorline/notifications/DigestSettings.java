package org.factorline.notifications;

import java.time.Instant;
import java.util.UUID;

/**
 * Which sections a client's daily digest carries. A client that never chose gets every section.
 *
 * @param updatedBy null while nobody has chosen
 */
public record DigestSettings(
        UUID clientId,
        boolean funded,
        boolean paid,
        boolean disputes,
        boolean planned,
        Instant updatedAt,
        String updatedBy) {

    public static DigestSettings defaults(UUID clientId) {
        return new DigestSettings(clientId, true, true, true, true, null, null);
    }

    public boolean anyEnabled() {
        return funded || paid || disputes || planned;
    }
}
