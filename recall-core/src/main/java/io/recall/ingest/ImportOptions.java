package io.recall.ingest;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read an input.
 *
 * @param zone           the zone of local timestamps; empty means the format's default
 * @param currency       the expected ISO currency; empty means the format's own, or the first row's
 * @param cutoff         rows on local days after this date are rejected ({@code after-cutoff}); usually the as-of date
 * @param source         the source name given to every record, e.g. {@code online}
 * @param samplesPerReason how many rejected rows to keep as examples per reason
 */
public record ImportOptions(Optional<ZoneId> zone, Optional<String> currency, Optional<LocalDate> cutoff, String source,
                            int samplesPerReason) {

    /** Validates the options. */
    public ImportOptions {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source is blank");
        }
        if (samplesPerReason < 0) {
            throw new IllegalArgumentException("samplesPerReason must be >= 0 but was " + samplesPerReason);
        }
    }

    /** The format's zone and currency, no cut-off, source {@code file}, 5 samples per reason. */
    public static ImportOptions defaults() {
        return new ImportOptions(Optional.empty(), Optional.empty(), Optional.empty(), "file", 5);
    }

    /** These options with the zone of local timestamps. */
    public ImportOptions withZone(ZoneId zone) {
        return new ImportOptions(Optional.of(zone), currency, cutoff, source, samplesPerReason);
    }

    /** These options expecting an ISO currency; rows in others are rejected. */
    public ImportOptions withCurrency(String currency) {
        return new ImportOptions(zone, Optional.of(currency), cutoff, source, samplesPerReason);
    }

    /** These options rejecting rows on local days after {@code cutoff}. */
    public ImportOptions withCutoff(LocalDate cutoff) {
        return new ImportOptions(zone, currency, Optional.of(cutoff), source, samplesPerReason);
    }

    /** These options naming the source of every record. */
    public ImportOptions withSource(String source) {
        return new ImportOptions(zone, currency, cutoff, source, samplesPerReason);
    }
}
