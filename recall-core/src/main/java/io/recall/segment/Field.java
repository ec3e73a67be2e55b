package io.recall.segment;

import java.util.Arrays;
import java.util.Optional;

/** What a segment condition can test: a score (1..levels) or a raw metric. */
public enum Field {
    /** Recency score; higher is more recent. */
    R("r", true),
    /** Frequency score. */
    F("f", true),
    /** Monetary score. */
    M("m", true),
    /** The mean of F and M, rounded half up: the usual second axis of an R × FM grid. */
    FM("fm", true),
    /** Days since the last purchase. */
    RECENCY_DAYS("recencyDays", false),
    /** Purchase occasions. */
    FREQUENCY("frequency", false),
    /** Monetary value, in minor units of the scheme's currency (JSON gives it as a decimal amount). */
    MONETARY("monetary", false),
    /** Days since the first purchase. */
    TENURE_DAYS("tenureDays", false);

    private final String jsonName;
    private final boolean score;

    Field(String jsonName, boolean score) {
        this.jsonName = jsonName;
        this.score = score;
    }

    /** The name used in JSON schemes. */
    public String jsonName() {
        return jsonName;
    }

    /** True for the score fields (r, f, m, fm), whose values run from 1 to the scheme's levels. */
    public boolean isScore() {
        return score;
    }

    /** The field with the given JSON name. */
    public static Optional<Field> ofJsonName(String name) {
        return Arrays.stream(values()).filter(f -> f.jsonName.equals(name)).findFirst();
    }
}
