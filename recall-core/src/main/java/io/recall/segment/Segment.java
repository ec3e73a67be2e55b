package io.recall.segment;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A named group of customers, with display labels per language.
 *
 * @param id     a stable id: lower-case letters, digits and {@code -}, e.g. {@code important-value}
 * @param labels display labels by BCP 47 language tag ({@code en}, {@code zh-CN}); {@code en} is required
 */
public record Segment(String id, Map<String, String> labels) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /** Validates the id and copies the labels. */
    public Segment {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("segment id must match " + ID.pattern() + " but was '" + id + "'");
        }
        // Sorted, so that label lookups by language alone are the same in every JVM run.
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        if (!labels.containsKey("en")) {
            throw new IllegalArgumentException("segment " + id + " needs an English label ('en')");
        }
        labels.forEach((tag, label) -> {
            if (label.isBlank()) {
                throw new IllegalArgumentException("segment " + id + " has a blank '" + tag + "' label");
            }
        });
    }

    /** A segment with an English label only. */
    public static Segment of(String id, String englishLabel) {
        return new Segment(id, Map.of("en", englishLabel));
    }

    /** A segment with English and Simplified Chinese labels. */
    public static Segment of(String id, String englishLabel, String chineseLabel) {
        return new Segment(id, Map.of("en", englishLabel, "zh-CN", chineseLabel));
    }

    /**
     * The label for a locale: an exact tag match ({@code zh-CN}), then the first tag in alphabetical order
     * with the same language ({@code zh} finds {@code zh-CN} before {@code zh-TW}), then English.
     */
    public String label(Locale locale) {
        String exact = labels.get(locale.toLanguageTag());
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (Locale.forLanguageTag(e.getKey()).getLanguage().equals(locale.getLanguage())) {
                return e.getValue();
            }
        }
        return labels.get("en");
    }

    @Override
    public String toString() {
        return id;
    }
}
