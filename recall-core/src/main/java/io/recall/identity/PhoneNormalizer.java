package io.recall.identity;

import java.util.Optional;

/**
 * Turns a phone number as written into E.164 ({@code +447700900123}), or says why it cannot.
 *
 * <p>Recall's core does not guess national formats: {@link #E164_ONLY} accepts numbers already written
 * with a {@code +} and a country code. A host plugs in a real one (the examples module has one backed
 * by libphonenumber) to read {@code 07700 900123} with a default region. Implementations must be
 * thread-safe and idempotent: normalising an E.164 number gives it back.
 */
@FunctionalInterface
public interface PhoneNormalizer {

    /**
     * Accepts {@code +} followed by 8 to 15 digits, ignoring spaces, dots, dashes and parentheses;
     * anything else is refused rather than guessed.
     */
    PhoneNormalizer E164_ONLY = (raw, defaultRegion) -> {
        String compact = raw.strip().replaceAll("[\\s.()\\-]", "");
        if (compact.matches("\\+[1-9][0-9]{7,14}")) {
            return Result.ok(compact);
        }
        return Result.invalid(compact.startsWith("+") ? "not E.164: expected + and 8 to 15 digits"
                : "no country code, and no phone normaliser that knows national formats is configured");
    };

    /**
     * @param raw           the number as written
     * @param defaultRegion the ISO 3166 region to read national numbers in (e.g. {@code GB}), if any
     */
    Result normalize(String raw, Optional<String> defaultRegion);

    /**
     * The outcome: an E.164 number, or the reason there is none.
     *
     * @param e164   the number, when valid
     * @param reason why not, when invalid
     */
    record Result(Optional<String> e164, Optional<String> reason) {

        /** Exactly one of the two is present. */
        public Result {
            if (e164.isPresent() == reason.isPresent()) {
                throw new IllegalArgumentException("a result is either a number or a reason");
            }
        }

        /** A valid number. */
        public static Result ok(String e164) {
            return new Result(Optional.of(e164), Optional.empty());
        }

        /** An invalid number and why. */
        public static Result invalid(String reason) {
            return new Result(Optional.empty(), Optional.of(reason));
        }
    }
}
