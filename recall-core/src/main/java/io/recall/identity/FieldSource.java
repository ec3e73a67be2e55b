package io.recall.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a merged fact came from.
 *
 * @param source     the source
 * @param recordId   the record in that source
 * @param observedAt when the source knew it
 */
public record FieldSource(String source, String recordId, Instant observedAt) {

    /** Validates that nothing is missing. */
    public FieldSource {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    static FieldSource of(ProfileRecord record) {
        return new FieldSource(record.source(), record.profile().id(), record.observedAt());
    }
}
