package io.recall.recommend;

import java.util.Objects;
import java.util.Optional;

/**
 * One recommended product, with its score and why it is recommended.
 *
 * <p>Scores compare within one list only: a co-purchase score is a sum of normalised similarities, a
 * viewed-not-bought score is seconds of dwell, and a popularity fill-in scores 0.
 *
 * @param sku     the product
 * @param score   how strongly it is recommended, finite and not negative; lists are sorted by it, highest first
 * @param reason  why
 * @param because the product the customer bought that contributed most (co-purchase and replenish); else empty
 */
public record Recommendation(String sku, double score, Reason reason, Optional<String> because) {

    /** Validates the recommendation. */
    public Recommendation {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(because, "because");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("recommended sku is blank");
        }
        if (!Double.isFinite(score) || score < 0) {
            throw new IllegalArgumentException("score of " + sku + " must be finite and >= 0 but was " + score);
        }
    }

    /** The reason in one token for a CSV cell or a log: {@code co-purchase:85123A}, {@code popular}. */
    public String explanation() {
        return because.map(b -> reason.code() + ":" + b).orElse(reason.code());
    }

    /** Why a product is recommended. */
    public enum Reason {
        /** Often bought in the same order as something the customer bought, and new to the customer. */
        CO_PURCHASE("co-purchase"),
        /**
         * A replenishable product the customer bought before: bought with what they buy, or (with no
         * {@code because} and score 0) among the most popular.
         */
        REPLENISH("replenish"),
        /** Among the most bought products: filled in when the customer's own purchases suggest too few. */
        POPULAR("popular"),
        /** Looked at for a while and not bought since. */
        VIEWED_NOT_BOUGHT("viewed-not-bought");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** A lower-case, hyphenated code, e.g. {@code co-purchase}. */
        public String code() {
            return code;
        }
    }
}
