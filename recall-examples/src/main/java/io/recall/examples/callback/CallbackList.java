package io.recall.examples.callback;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A call-back list and its accounting: every customer considered is either an entry or an exclusion.
 *
 * @param asOf        the date the metrics are as of
 * @param generatedAt "now" when the slots were computed
 * @param considered  how many customers were considered
 * @param entries     who to call, highest spend first
 * @param exclusions  who was left off and why, in the candidates' order
 */
public record CallbackList(LocalDate asOf, Instant generatedAt, int considered, List<CallbackEntry> entries,
                           List<CallbackExclusion> exclusions) {

    /** Validates, copies, and checks the counts reconcile. */
    public CallbackList {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(generatedAt, "generatedAt");
        entries = List.copyOf(entries);
        exclusions = List.copyOf(exclusions);
        if (entries.size() + exclusions.size() != considered) {
            throw new IllegalStateException(considered + " customers considered but " + entries.size() + " listed and "
                    + exclusions.size() + " excluded");
        }
    }

    /** Customers left off, per reason (every reason present, zero included). */
    public Map<CallbackExclusion.Reason, Integer> excludedByReason() {
        Map<CallbackExclusion.Reason, Integer> counts = new EnumMap<>(CallbackExclusion.Reason.class);
        for (CallbackExclusion.Reason r : CallbackExclusion.Reason.values()) {
            counts.put(r, 0);
        }
        exclusions.forEach(e -> counts.merge(e.reason(), 1, Integer::sum));
        return counts;
    }
}
