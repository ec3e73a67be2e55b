package io.recall.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses the timestamps real order files carry, remembering the last one: rows of one order share it,
 * so most rows parse for free. Not thread-safe.
 */
final class Timestamps {

    private final ZoneId zone;
    private final boolean usDates;
    private String lastText;
    private Instant lastInstant;

    /**
     * @param usDates whether {@code M/d/yyyy H:mm} is accepted: only for formats known to use it (the
     *                original UCI Online Retail), since {@code 01/12/2010} means 12 January there and
     *                1 December in a UK shop
     */
    Timestamps(ZoneId zone, boolean usDates) {
        this.zone = zone;
        this.usDates = usDates;
    }

    /**
     * {@code yyyy-MM-dd HH:mm[:ss]}, {@code yyyy-MM-ddTHH:mm[:ss]} with optional offset or {@code Z},
     * {@code yyyy-MM-dd}, {@code yyyyMMdd}, or (when enabled) US {@code M/d/yyyy H:mm}; local values are in
     * the zone.
     */
    Optional<Instant> parse(String text) {
        if (text.equals(lastText)) {
            return Optional.of(lastInstant);
        }
        Instant instant = parseUncached(text.trim());
        if (instant != null) {
            lastText = text;
            lastInstant = instant;
        }
        return Optional.ofNullable(instant);
    }

    private Instant parseUncached(String s) {
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
                return usDates ? usDateTime(s) : null;
            }
            if (s.endsWith("Z") || s.lastIndexOf('+') > 9 || s.lastIndexOf('-') > 9) {
                return OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private Instant usDateTime(String s) {
        String[] dateTime = s.split(" ");
        if (dateTime.length > 2) {
            // "8:26 PM" and the like: a 12-hour clock would be read at the wrong hour, so refuse it.
            throw new DateTimeParseException("expected M/d/yyyy H:mm (24-hour clock)", s, 0);
        }
        String[] mdy = dateTime[0].split("/");
        if (mdy.length != 3) {
            throw new DateTimeParseException("not M/d/yyyy", s, 0);
        }
        LocalDate date = LocalDate.of(Integer.parseInt(mdy[2]), Integer.parseInt(mdy[0]), Integer.parseInt(mdy[1]));
        if (dateTime.length == 1) {
            return date.atStartOfDay(zone).toInstant();
        }
        String[] hm = dateTime[1].split(":");
        return date.atTime(Integer.parseInt(hm[0]), Integer.parseInt(hm[1]), hm.length > 2 ? Integer.parseInt(hm[2]) : 0)
                .atZone(zone).toInstant();
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

    /** The local date of an instant in this zone. */
    LocalDate localDate(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }
}
