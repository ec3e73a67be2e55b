package io.recall.identity;

import java.util.Objects;

/**
 * Why two records were taken for one person: they share a value of a match key.
 *
 * @param from   one record, as {@code source:id}
 * @param to     the other record
 * @param key    the match key they share
 * @param masked the shared value, masked for logs and reports (e.g. {@code j***@example.com})
 */
public record MergeLink(String from, String to, MatchKey key, String masked) {

    /** Validates that nothing is missing. */
    public MergeLink {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(masked, "masked");
    }

    /** {@code online:17 = stores:M88 by EMAIL j***@example.com}. */
    public String explain() {
        return from + " = " + to + " by " + key + " " + masked;
    }
}
