package io.recall.campaign;

import java.util.Arrays;
import java.util.Optional;

/** What a campaign is for, which decides whether it may carry an incentive rule set. */
public enum CampaignKind {
    /** Bring lapsing customers back, usually with an offer. */
    WIN_BACK("win-back"),
    /** Tips and stories; never an incentive. */
    CONTENT("content"),
    /** A dated occasion: a holiday sale, a member day. */
    EVENT("event");

    private final String id;

    CampaignKind(String id) {
        this.id = id;
    }

    /** The id used in JSON, such as {@code win-back}. */
    public String id() {
        return id;
    }

    /** The kind with this JSON id. */
    public static Optional<CampaignKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
