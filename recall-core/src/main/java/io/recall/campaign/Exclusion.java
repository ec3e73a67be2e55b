package io.recall.campaign;

/** Why a considered customer was neither targeted nor held out. */
public enum Exclusion {
    /** Their segment is not in the audience, or they failed a filter. */
    NOT_IN_AUDIENCE,
    /** No address on any channel of their segment's plan. */
    NO_CONTACT,
    /** Every address they have on the plan's channels is on the suppression list. */
    SUPPRESSED,
    /** They have not agreed to marketing on any reachable channel of the plan. */
    NO_CONSENT,
    /** Their send window does not open again before the campaign ends. */
    OUTSIDE_SCHEDULE
}
