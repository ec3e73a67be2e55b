package io.recall.identity;

import io.recall.model.Consent;
import io.recall.model.CustomerProfile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one source knows about one person, as of when it knew it.
 *
 * @param source     the source's name, e.g. {@code online}, {@code stores}, {@code service-desk}
 * @param observedAt when the source last confirmed these facts: newer wins a conflict between equally
 *                   trusted sources
 * @param profile    the facts; {@code profile.id()} is the source's own record id
 * @param linkedIds  ids of the same person in other sources, as {@code source:id} (a store receipt that
 *                   names the web account, say)
 * @param consents   the contact consents this record states, each recorded by this source for this record
 */
public record ProfileRecord(String source, Instant observedAt, CustomerProfile profile, List<String> linkedIds,
                            List<Consent> consents) {

    /** A record that states no consents. */
    public ProfileRecord(String source, Instant observedAt, CustomerProfile profile, List<String> linkedIds) {
        this(source, observedAt, profile, linkedIds, List.of());
    }

    /** Validates and copies. */
    public ProfileRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(profile, "profile");
        linkedIds = List.copyOf(linkedIds);
        consents = List.copyOf(consents);
        if (source.isBlank() || source.contains(":")) {
            throw new IllegalArgumentException("source must be non-blank without ':' but was '" + source + "'");
        }
        for (Consent consent : consents) {
            // Provenance must be true: a record cannot speak for another source's record.
            if (!consent.source().equals(source) || !consent.recordId().equals(profile.id())) {
                throw new IllegalArgumentException("consent on " + consent.channel() + " is recorded by "
                        + consent.source() + ":" + consent.recordId() + ", not by this record " + source + ":"
                        + profile.id());
            }
        }
    }

    /** A record with no links to other sources. */
    public static ProfileRecord of(String source, Instant observedAt, CustomerProfile profile) {
        return new ProfileRecord(source, observedAt, profile, List.of());
    }

    /** The record's global id, {@code source:recordId}. */
    public String key() {
        return source + ":" + profile.id();
    }
}
