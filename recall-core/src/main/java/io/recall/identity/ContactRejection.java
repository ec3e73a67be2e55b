package io.recall.identity;

import java.util.Objects;

/**
 * A contact value that was not used: invalid, or on the blocklist. It is reported, never "fixed".
 *
 * @param record the record, as {@code source:id}
 * @param key    which kind of value
 * @param masked the value, masked
 * @param reason why it was not used
 */
public record ContactRejection(String record, MatchKey key, String masked, String reason) {

    /** Validates that nothing is missing. */
    public ContactRejection {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(reason, "reason");
    }
}
