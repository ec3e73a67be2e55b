package io.recall.spark.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * Parses time strings the way the core's generic CSV import does ({@code io.recall.ingest.Timestamps}
 * without the Online Retail-only US dates): {@code yyyy-MM-dd HH:mm[:ss]}, {@code yyyy-MM-ddTHH:mm[:ss]}
 * with optional offset or {@code Z}, {@code yyyy-MM-dd} and {@code yyyyMMdd}; local values are in the
 * shop's zone. Stateless and thread-safe.
 */
final class TimeParser {

    private TimeParser() {
    }

    /** The instant, or null when the text is none of the forms above. */
    static Instant parse(String text, ZoneId zone) {
        String s = text.trim();
        try {
            int n = s.length();
            if (n == 8 && allDigits(s)) {
                return LocalDate.of(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8)).atStartOfDay(zone).toInstant();
            }
            if (n == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
                return LocalDate.of(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10)).atStartOfDay(zone).toInstant();
            }
            if ((n == 16 || n == 19) && s.charAt(4) == '-' && s.charAt(7) == '-'
                    && (s.charAt(10) == ' ' || s.charAt(10) == 'T') && s.charAt(13) == ':'
                    && (n == 16 || s.charAt(16) == ':')) {
                int second = n == 19 ? num(s, 17, 19) : 0;
                return LocalDateTime.of(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10), num(s, 11, 13), num(s, 14, 16),
                        second).atZone(zone).toInstant();
            }
            if (s.indexOf('/') > 0) {
                return null;
            }
            if (s.endsWith("Z") || s.lastIndexOf('+') > 9 || s.lastIndexOf('-') > 9) {
                return OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a digit: " + c);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
