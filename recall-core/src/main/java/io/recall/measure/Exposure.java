package io.recall.measure;

import io.recall.campaign.CampaignRecord;
import io.recall.campaign.CustomerOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One measured customer: which arm, which segment and channel, and from when their purchases count.
 *
 * @param customerId the customer
 * @param segmentId  their segment
 * @param channel    the (first) channel of their plan; for a held-out customer the one they would have had
 * @param arm        treated or holdout
 * @param from       when attribution starts: the send for the treated, the campaign start for the holdout
 */
public record Exposure(String customerId, String segmentId, String channel, Arm arm, Instant from) {

    /** Validates that nothing is missing. */
    public Exposure {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(from, "from");
    }

    /**
     * The exposures of a campaign run: targeted customers from their message's due time (the planned send;
     * pass actual send times through the constructor when known), held-out customers from the campaign's
     * start. Excluded customers are not measured.
     */
    public static List<Exposure> of(CampaignRecord record) {
        List<Exposure> out = new ArrayList<>();
        Instant start = record.campaign().schedule().start();
        for (CustomerOutcome o : record.outcomes()) {
            if (o.status() == CustomerOutcome.Status.EXCLUDED) {
                continue;
            }
            String channel = o.channels().isEmpty() ? "none" : o.channels().get(0).id();
            out.add(o.status() == CustomerOutcome.Status.TARGETED
                    ? new Exposure(o.customerId(), o.segmentId(), channel, Arm.TREATED, o.dueAt().orElseThrow())
                    : new Exposure(o.customerId(), o.segmentId(), channel, Arm.HOLDOUT, start));
        }
        return out;
    }

    /** The two groups compared. */
    public enum Arm {
        /** Sent the campaign. */
        TREATED,
        /** Held out: sent nothing. */
        HOLDOUT
    }
}
