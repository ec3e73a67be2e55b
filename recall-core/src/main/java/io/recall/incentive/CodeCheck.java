package io.recall.incentive;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link CouponCodes#validate}: the code as read, and when it is not valid, why.
 *
 * @param code    the normalised code
 * @param reason  why it is not valid; empty when it is
 * @param message a sentence for a person; "valid" when it is
 */
public record CodeCheck(String code, Optional<Reason> reason, String message) {

    /** Why a code is not valid. */
    public enum Reason {
        /** Not as many characters as the pattern has. */
        WRONG_LENGTH,
        /** A literal (prefix, dash) is not where the pattern puts it. */
        WRONG_LAYOUT,
        /** A character outside the alphabet. */
        NOT_IN_ALPHABET,
        /** The check character does not match: a typo or a swap of neighbours. */
        CHECK_FAILED
    }

    /** Validates the parts. */
    public CodeCheck {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    static CodeCheck ok(String code) {
        return new CodeCheck(code, Optional.empty(), "valid");
    }

    static CodeCheck invalid(String code, Reason reason, String message) {
        return new CodeCheck(code, Optional.of(reason), message);
    }

    /** True when the code is well formed and its check character matches. */
    public boolean isValid() {
        return reason.isEmpty();
    }
}
