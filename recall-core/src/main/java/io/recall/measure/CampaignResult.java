package io.recall.measure;

import io.recall.measure.internal.ResultWriter;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A campaign's measured effect against its holdout, overall and per segment and channel, shaped for a report.
 *
 * @param campaignId        the campaign
 * @param window            the attribution window
 * @param confidence        the two-sided confidence level of every interval, such as 0.95
 * @param randomisedHoldout whether the comparison group was a randomised holdout (false for a real-world
 *                          comparison of self-selected groups, where uplift is association, not effect)
 * @param overall           the whole campaign
 * @param bySegment         one cell per segment, by segment id
 * @param byChannel         one cell per (first) channel, by channel id
 * @param notes             caveats a reader must see, such as small arms
 */
public record CampaignResult(String campaignId, Duration window, double confidence, boolean randomisedHoldout,
                             CellResult overall, List<CellResult> bySegment, List<CellResult> byChannel,
                             List<String> notes) {

    /** Validates and copies. */
    public CampaignResult {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(overall, "overall");
        bySegment = List.copyOf(bySegment);
        byChannel = List.copyOf(byChannel);
        notes = List.copyOf(notes);
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1) but was " + confidence);
        }
    }

    /** Every cell: the overall one, then segments, then channels. */
    public List<CellResult> cells() {
        java.util.List<CellResult> all = new java.util.ArrayList<>();
        all.add(overall);
        all.addAll(bySegment);
        all.addAll(byChannel);
        return List.copyOf(all);
    }

    /** The result as a JSON document. */
    public String toJson() {
        return ResultWriter.json(this);
    }

    /** The cells as CSV with a header row, one row per cell. */
    public String toCsv() {
        return ResultWriter.csv(this);
    }
}
