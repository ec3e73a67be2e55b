package io.recall.campaign;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of a campaign run: every considered customer's outcome, sorted by customer id, so that
 * {@code considered = targeted + heldOut + excluded}.
 *
 * @param campaign the campaign that ran
 * @param ranAt    when it ran
 * @param outcomes one per considered customer, by customer id
 */
public record CampaignRecord(Campaign campaign, Instant ranAt, List<CustomerOutcome> outcomes) {

    /** Validates and copies. */
    public CampaignRecord {
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(ranAt, "ranAt");
        outcomes = List.copyOf(outcomes);
    }

    /** How many customers were considered. */
    public int considered() {
        return outcomes.size();
    }

    /** How many were targeted. */
    public int targeted() {
        return count(CustomerOutcome.Status.TARGETED);
    }

    /** How many were held out. */
    public int heldOut() {
        return count(CustomerOutcome.Status.HELD_OUT);
    }

    /** How many were excluded, for any reason. */
    public int excluded() {
        return count(CustomerOutcome.Status.EXCLUDED);
    }

    /** How many messages this run enqueued (fewer than targeted when an earlier run had enqueued some). */
    public int enqueued() {
        return (int) outcomes.stream().filter(CustomerOutcome::enqueued).count();
    }

    /** Exclusions by reason; reasons that never happened are absent. */
    public Map<Exclusion, Integer> excludedByReason() {
        Map<Exclusion, Integer> m = new EnumMap<>(Exclusion.class);
        outcomes.forEach(o -> o.exclusion().ifPresent(e -> m.merge(e, 1, Integer::sum)));
        return Map.copyOf(m);
    }

    /** The outcome for a customer. */
    public Optional<CustomerOutcome> outcome(String customerId) {
        return outcomes.stream().filter(o -> o.customerId().equals(customerId)).findFirst();
    }

    private int count(CustomerOutcome.Status s) {
        return (int) outcomes.stream().filter(o -> o.status() == s).count();
    }
}
