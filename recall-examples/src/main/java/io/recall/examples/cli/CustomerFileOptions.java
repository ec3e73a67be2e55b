package io.recall.examples.cli;

import io.recall.ingest.InputFormat;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * The options of the commands that join an order file (segmented as {@code recall segment} does) with a contacts
 * file: {@code recall callback-list} and {@code recall audience}, as a picocli mixin.
 */
final class CustomerFileOptions {

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Order file (plain or gzip).")
    Path input;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = OrderFormats.ORDER_FILES_TEXT + ".")
    String format;

    @Option(names = "--contacts", required = true, paramLabel = "FILE.csv",
            description = "customer_id,name,email,phone,region,time_zone,callback_consent,ads_consent (yes/no/empty).")
    Path contacts;

    @Option(names = "--scheme", defaultValue = "seed4", paramLabel = "SCHEME",
            description = "seed4, rfm8, rfm11 or a scheme JSON file (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--as-of", paramLabel = "DATE", description = "As-of date (default: the day after the last purchase).")
    LocalDate asOf;

    @Option(names = "--region", defaultValue = "GB", paramLabel = "CC",
            description = "Country whose national format reads phones without a region column (default: ${DEFAULT-VALUE}).")
    String region;

    /** The order file's format; a usage error of {@code commandLine} unless it is an order-file format. */
    InputFormat format(CommandLine commandLine) {
        return OrderFormats.parse(commandLine, format, OrderFormats.ORDER_FILES);
    }

    Optional<LocalDate> asOf() {
        return Optional.ofNullable(asOf);
    }

    /** The region as an upper-case country code. */
    String region() {
        return region.toUpperCase(Locale.ROOT);
    }
}
