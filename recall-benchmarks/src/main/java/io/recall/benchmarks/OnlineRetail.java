package io.recall.benchmarks;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.model.Money;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmOptions;
import io.recall.testing.SharedData;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

/** The UCI Online Retail data set as every benchmark here reads it: GBP, London days, 5 score levels. */
final class OnlineRetail {

    /** The day after the last invoice (2011-12-09): the usual as-of date for this file. */
    static final LocalDate AS_OF = LocalDate.of(2011, 12, 10);
    /** Quintiles. */
    static final int LEVELS = 5;
    /** The shop's zone: Online Retail's timestamps are UK local time. */
    static final ZoneId ZONE = ZoneId.of("Europe/London");

    private OnlineRetail() {
    }

    /** {@code ../shared/data/online_retail/online_retail.csv.gz}, or where {@code -Drecall.data.dir} says. */
    static Path file() {
        return SharedData.onlineRetail();
    }

    static RfmOptions options() {
        return RfmOptions.of(Money.currency("GBP")).withZone(ZONE);
    }

    /** Streams the file into a fresh aggregator. */
    static RfmAggregator aggregate(Path file) throws IOException {
        RfmAggregator aggregator = RfmAggregator.create(options());
        OrderImporter.read(file, InputFormat.ONLINE_RETAIL, ImportOptions.defaults(),
                OrderImporter.toAggregator(aggregator), ProgressListener.NONE);
        return aggregator;
    }
}
