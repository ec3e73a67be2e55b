package io.recall.identity;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the ways sources write a country into its ISO 3166-1 alpha-2 code: the alpha-2 or alpha-3 code, the
 * English or Chinese name as the JDK knows it ({@code Germany}, {@code 德国}), or a few common other names
 * ({@code UK}, {@code USA}, {@code Holland}, {@code EIRE}). Case, accents written decomposed, dots and extra
 * spaces do not matter, with one exception: a two-letter code counts only when written without dots, so an
 * abbreviation such as {@code N.A.} is never read as a code ({@code NA}, Namibia). The placeholders sources write
 * for "no country" ({@link #PLACEHOLDERS}: {@code n.a.}, {@code n/a}, {@code na}, in any case) are missing, not a
 * country. Anything else is unknown, never guessed. Thread-safe.
 */
public final class Countries {

    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");
    private static final Map<String, String> CODES = build();
    private static final Pattern TWO_LETTERS = Pattern.compile("\\p{L}{2}");

    /**
     * What sources write for "not available", compared ignoring case and spaces; each means no country. Plain
     * {@code NA} is on the list although it is Namibia's code: in customer files it is far more often "n/a".
     */
    public static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("n.a.", "n.a", "n/a", "na");

    private Countries() {
    }

    /** The alpha-2 code of a country as written, e.g. {@code "United Kingdom"} → {@code GB}; empty if unknown. */
    public static Optional<String> toAlpha2(String raw) {
        String compact = SPACES.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC).toLowerCase(Locale.ROOT))
                .replaceAll("");
        if (PLACEHOLDERS.contains(compact)) {
            return Optional.empty();
        }
        String key = key(raw);
        if (compact.contains(".") && TWO_LETTERS.matcher(key).matches() && !DOTTED_ABBREVIATIONS.contains(key)) {
            // "N.A." is an abbreviation, not the code NA; a code is written without dots.
            return Optional.empty();
        }
        return Optional.ofNullable(CODES.get(key));
    }

    /** Two-letter names commonly written with dots that are countries all the same ({@code U.K.}, {@code U.S.}). */
    private static final java.util.Set<String> DOTTED_ABBREVIATIONS = java.util.Set.of("uk", "us");

    private static String key(String raw) {
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        // Dots go without a trace, so U.K. is UK and St. Lucia is St Lucia whichever way it is written.
        return SPACES.matcher(nfc.replace(".", "")).replaceAll(" ").strip().replace("’", "'").replace(" & ", " and ");
    }

    private static Map<String, String> build() {
        Map<String, String> codes = new HashMap<>();
        String[] all = Locale.getISOCountries();
        for (String code : all) {
            codes.put(key(code), code);
        }
        for (String code : all) {
            try {
                String alpha3 = new Locale("", code).getISO3Country();
                if (!alpha3.isEmpty()) {
                    codes.putIfAbsent(key(alpha3), code);
                }
            } catch (MissingResourceException e) {
                // a code without an alpha-3 form: its alpha-2 and names still work
            }
        }
        for (Locale language : new Locale[]{Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE, Locale.TRADITIONAL_CHINESE}) {
            for (String code : all) {
                String name = new Locale("", code).getDisplayCountry(language);
                // The JDK answers with the code itself when it has no name in that language.
                if (!name.isBlank() && !name.equalsIgnoreCase(code)) {
                    codes.putIfAbsent(key(name), code);
                }
            }
        }
        // Names the JDK does not use but shops' files do; each is unambiguous.
        String[][] aliases = {
                {"uk", "GB"}, {"great britain", "GB"}, {"britain", "GB"}, {"england", "GB"}, {"scotland", "GB"},
                {"wales", "GB"}, {"northern ireland", "GB"}, {"united kingdom of great britain and northern ireland", "GB"},
                {"usa", "US"}, {"us", "US"}, {"united states of america", "US"},
                {"holland", "NL"}, {"the netherlands", "NL"}, {"eire", "IE"}, {"republic of ireland", "IE"},
                {"czech republic", "CZ"}, {"czechia", "CZ"}, {"south korea", "KR"}, {"republic of korea", "KR"},
                {"russian federation", "RU"}, {"rsa", "ZA"}, {"uae", "AE"},
                {"ivory coast", "CI"}, {"turkey", "TR"}, {"türkiye", "TR"}, {"vietnam", "VN"}, {"viet nam", "VN"},
                {"macedonia", "MK"}, {"burma", "MM"}, {"swaziland", "SZ"}, {"cape verde", "CV"},
                {"hong kong", "HK"}, {"macau", "MO"}, {"macao", "MO"}, {"macao sar china", "MO"}, {"中国大陆", "CN"}, {"大陆", "CN"},
                {"香港", "HK"}, {"澳门", "MO"}, {"台湾", "TW"}, {"美国", "US"}, {"英国", "GB"}};
        for (String[] alias : aliases) {
            codes.putIfAbsent(key(alias[0]), alias[1]);
        }
        return Map.copyOf(codes);
    }
}
