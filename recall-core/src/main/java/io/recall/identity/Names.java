package io.recall.identity;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises people's names without changing how they are written: trimmed, runs of white space (including
 * no-break and ideographic spaces) made one space, control characters dropped, Unicode NFC (so a composed
 * {@code é} and {@code e}+accent are one name). Case is left alone; {@link #titleCase} is a separate, opt-in
 * step. Thread-safe.
 */
public final class Names {

    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\u200C\\u200D]]");

    private Names() {
    }

    /** The normalised name, empty when nothing but white space is left. Idempotent. */
    public static Optional<String> normalize(String raw) {
        // Tabs and line breaks are white space first, so "Ann\tLee" stays two words; the controls and format
        // characters left (zero-width spaces, stray BOMs) are copy-and-paste debris, not part of a name. The
        // zero-width joiner and non-joiner are kept: Persian and Indic names need them.
        String spaced = SPACES.matcher(raw).replaceAll(" ");
        String clean = CONTROLS.matcher(spaced).replaceAll("");
        // NFC last: removing debris between a letter and its accent may leave a pair that composes.
        String collapsed = Normalizer.normalize(SPACES.matcher(clean).replaceAll(" ").strip(), Normalizer.Form.NFC);
        return collapsed.isEmpty() ? Optional.empty() : Optional.of(collapsed);
    }

    /**
     * Title-cases a name only where that is safe: every letter is Latin and the letters are all upper case or
     * all lower case ({@code JOHN SMITH}, {@code anne-marie o'brien}), so it was typed without regard to case.
     * A word starts after a space, hyphen or apostrophe. Anything else comes back unchanged: mixed case
     * ({@code McDonald}, {@code van der Berg}) was written deliberately, and scripts without case (CJK) or with
     * rules of their own (Greek final sigma, Turkish dotted i) are not touched. Known limits of the safe case:
     * {@code MCDONALD} becomes {@code Mcdonald} and {@code VAN DER BERG} {@code Van Der Berg}. Idempotent on
     * its own output.
     */
    public static String titleCase(String name) {
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                if (Character.UnicodeScript.of(cp) != Character.UnicodeScript.LATIN || cp == 'ı' || cp == 'İ') {
                    return name;
                }
                upper |= Character.isUpperCase(cp);
                lower |= Character.isLowerCase(cp);
            }
        }
        if (upper == lower) {
            return name; // mixed case (or no letters): written deliberately
        }
        StringBuilder out = new StringBuilder(name.length());
        boolean start = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            // Code point by code point, so ß or ŉ never change the length as String.toUpperCase would.
            out.appendCodePoint(start ? Character.toTitleCase(cp) : Character.toLowerCase(cp));
            start = cp == ' ' || cp == '-' || cp == '\'' || cp == '\u2019';
        }
        return out.toString();
    }
}
