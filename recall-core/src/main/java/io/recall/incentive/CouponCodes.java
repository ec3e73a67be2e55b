package io.recall.incentive;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Generates and checks coupon codes: unguessable (a cryptographically secure generator, at least 60 bits
 * of entropy), readable (an alphabet without look-alike characters), and typo-proof (a check character
 * that catches every single wrong character and every swap of two neighbouring characters).
 *
 * <p>A pattern lays the code out: {@code #} is a random character, {@code @} the check character (exactly
 * one, after every {@code #}), and anything else is copied as it is (a prefix, dashes). The default is
 * Crockford's base 32 alphabet ({@code 0-9 A-Z} without {@code I L O U}) and {@code ####-####-####-@}:
 * 12 random characters, 60 bits. The check character is Damm's algorithm over a totally anti-symmetric
 * quasigroup of the alphabet's size (see the ADR 0006); it covers the random characters only.
 *
 * <pre>{@code
 * CouponCodes codes = CouponCodes.newBuilder().pattern("WB-####-####-####-@").build();
 * String code = codes.next();              // e.g. WB-7K3M-Q9XD-2HVA-R
 * CodeCheck check = codes.validate(input); // check.reason() says why not
 * }</pre>
 *
 * <p>Thread-safe when its random source is (SecureRandom is).
 */
public final class CouponCodes {

    /** Crockford's base 32: digits and upper-case letters without I, L, O and U. */
    public static final String CROCKFORD32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** The default layout: 12 random characters in groups of four, then the check character. */
    public static final String DEFAULT_PATTERN = "####-####-####-@";
    /** The least entropy a code may have, in bits. */
    public static final int MIN_ENTROPY_BITS = 60;

    private final String alphabet;
    private final String pattern;
    private final Random random;
    private final CheckQuasigroup check;
    private final int[] index = new int[128];
    private final int randomSlots;

    private CouponCodes(Builder b) {
        this.alphabet = b.alphabet;
        this.pattern = b.pattern;
        this.random = b.random;
        if (alphabet.isEmpty() || alphabet.chars().anyMatch(c -> c < 33 || c > 126)) {
            throw new IllegalArgumentException("alphabet must be printable ASCII without spaces but was '" + alphabet + "'");
        }
        if (!alphabet.equals(alphabet.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("alphabet must be upper case (codes are read case-insensitively) but was '"
                    + alphabet + "'");
        }
        java.util.Arrays.fill(index, -1);
        for (int i = 0; i < alphabet.length(); i++) {
            char c = alphabet.charAt(i);
            if (c == '#' || c == '@') {
                throw new IllegalArgumentException("alphabet must not contain the pattern characters # and @");
            }
            if (index[c] >= 0) {
                throw new IllegalArgumentException("alphabet repeats '" + c + "'");
            }
            index[c] = i;
        }
        for (String pair : new String[] {"O0", "I1", "L1", "IL"}) {
            if (alphabet.indexOf(pair.charAt(0)) >= 0 && alphabet.indexOf(pair.charAt(1)) >= 0) {
                throw new IllegalArgumentException("alphabet has the look-alikes '" + pair.charAt(0) + "' and '"
                        + pair.charAt(1) + "'; drop one");
            }
        }
        this.check = CheckQuasigroup.of(alphabet.length());
        int slots = 0;
        int checks = 0;
        int lastRandom = -1;
        int checkAt = -1;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '#') {
                slots++;
                lastRandom = i;
            } else if (c == '@') {
                checks++;
                checkAt = i;
            }
        }
        if (checks != 1) {
            throw new IllegalArgumentException("pattern needs exactly one check character '@' but '" + pattern
                    + "' has " + checks);
        }
        if (checkAt < lastRandom) {
            throw new IllegalArgumentException("pattern '" + pattern + "' puts the check character '@' before a random '#'");
        }
        BigInteger space = BigInteger.valueOf(alphabet.length()).pow(slots);
        if (space.compareTo(BigInteger.ONE.shiftLeft(MIN_ENTROPY_BITS)) < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "pattern '%s' gives %d random characters from %d, %.1f bits; at least %d bits are needed",
                    pattern, slots, alphabet.length(), slots * Math.log(alphabet.length()) / Math.log(2), MIN_ENTROPY_BITS));
        }
        this.randomSlots = slots;
    }

    /** Codes with the defaults: Crockford base 32, {@link #DEFAULT_PATTERN}, a new SecureRandom. */
    public static CouponCodes defaults() {
        return newBuilder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The alphabet. */
    public String alphabet() {
        return alphabet;
    }

    /** The pattern. */
    public String pattern() {
        return pattern;
    }

    /** The entropy of a code in bits: random characters times log2 of the alphabet size. */
    public double entropyBits() {
        return randomSlots * Math.log(alphabet.length()) / Math.log(2);
    }

    /** A new random code laid out by the pattern. */
    public String next() {
        int[] digits = new int[randomSlots];
        for (int i = 0; i < randomSlots; i++) {
            digits[i] = random.nextInt(alphabet.length());
        }
        return layout(digits);
    }

    /** Lays out given random digits (indexes into the alphabet) with their check character; for tests and tools. */
    String layout(int[] digits) {
        StringBuilder out = new StringBuilder(pattern.length());
        int d = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '#') {
                out.append(alphabet.charAt(digits[d++]));
            } else if (c == '@') {
                out.append(alphabet.charAt(check.checkDigit(check.fold(digits, 0, randomSlots))));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The code as typed, made canonical: trimmed, upper case, and (when the alphabet has 0 and 1 but not
     * O, I, L) O read as 0 and I, L read as 1, as Crockford's base 32 prescribes. The look-alikes are read
     * so only where the pattern has a random or check character: literal characters of the pattern (the O
     * of {@code PROMO-}, the L of {@code SALE-}) stay as they are, so a pattern's own codes always validate.
     * A code of the wrong length has no positions to go by and is only trimmed and upper-cased.
     */
    public String normalize(String typed) {
        Objects.requireNonNull(typed, "typed");
        String s = typed.trim();
        boolean positional = s.length() == pattern.length();
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            // Character by character, so that upper-casing never changes the length (as "\u00df" -> "SS" would).
            char c = Character.toUpperCase(s.charAt(i));
            char p = positional ? pattern.charAt(i) : 0;
            if (p == '#' || p == '@') {
                if (c == 'O' && inAlphabet('0') && !inAlphabet('O')) {
                    c = '0';
                } else if ((c == 'I' || c == 'L') && inAlphabet('1') && !inAlphabet(c)) {
                    c = '1';
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Checks a code as typed (after {@link #normalize}); the result says why a code is not valid. */
    public CodeCheck validate(String typed) {
        String code = normalize(typed);
        if (code.length() != pattern.length()) {
            return CodeCheck.invalid(code, CodeCheck.Reason.WRONG_LENGTH, "a code has " + pattern.length()
                    + " characters (" + pattern + ") but this one has " + code.length());
        }
        int[] digits = new int[randomSlots + 1];
        int d = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char p = pattern.charAt(i);
            char c = code.charAt(i);
            if (p == '#' || p == '@') {
                if (!inAlphabet(c)) {
                    return CodeCheck.invalid(code, CodeCheck.Reason.NOT_IN_ALPHABET, "character " + (i + 1) + " '" + c
                            + "' is not one of " + alphabet);
                }
                digits[p == '@' ? randomSlots : d++] = index[c];
            } else if (Character.toUpperCase(p) != Character.toUpperCase(c)) {
                return CodeCheck.invalid(code, CodeCheck.Reason.WRONG_LAYOUT, "character " + (i + 1) + " should be '"
                        + Character.toUpperCase(p) + "' (" + pattern + ") but is '" + c + "'");
            }
        }
        if (check.fold(digits, 0, digits.length) != 0) {
            return CodeCheck.invalid(code, CodeCheck.Reason.CHECK_FAILED,
                    "the check character does not match: a character is mistyped or two are swapped");
        }
        return CodeCheck.ok(code);
    }

    private boolean inAlphabet(char c) {
        return c < 128 && index[c] >= 0;
    }

    /** Options for {@link CouponCodes}. Not thread-safe. */
    public static final class Builder {
        private String alphabet = CROCKFORD32;
        private String pattern = DEFAULT_PATTERN;
        private Random random;

        private Builder() {
        }

        /** The characters codes are made of (upper case, no look-alike pairs such as O and 0). */
        public Builder alphabet(String alphabet) {
            this.alphabet = Objects.requireNonNull(alphabet, "alphabet");
            return this;
        }

        /** The layout: {@code #} random, {@code @} check (once, last), anything else literal. */
        public Builder pattern(String pattern) {
            this.pattern = Objects.requireNonNull(pattern, "pattern");
            return this;
        }

        /** The random source; a SecureRandom unless a test injects a seeded one. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException for a bad alphabet or a pattern below 60 bits
         */
        public CouponCodes build() {
            if (random == null) {
                random = new SecureRandom();
            }
            return new CouponCodes(this);
        }
    }
}
