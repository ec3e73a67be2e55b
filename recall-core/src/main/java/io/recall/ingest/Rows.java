package io.recall.ingest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Counts and samples for one import, and the sink events go to. Not thread-safe. */
final class Rows {

    private final InputFormat format;
    private final int samplesPerReason;
    private final Consumer<? super OrderEvent> sink;
    private final EnumMap<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    private final List<RowRejection> samples = new ArrayList<>();
    private long read;
    private long accepted;
    private long merged;
    private long purchaseLines;
    private long refundLines;
    private long profiles;
    private long views;
    private long interactions;
    private long campaignRows;
    private long products;
    private final java.util.TreeMap<String, Long> fieldsRejected = new java.util.TreeMap<>();
    private final List<RowRejection> fieldSamples = new ArrayList<>();
    String currency;

    Rows(InputFormat format, int samplesPerReason, Consumer<? super OrderEvent> sink) {
        this.format = format;
        this.samplesPerReason = samplesPerReason;
        this.sink = sink;
    }

    void read() {
        read++;
    }

    long readSoFar() {
        return read;
    }

    /** Counts an accepted row and hands on its event; a profile row has none (null) and is not a line. */
    void accept(OrderEvent event) {
        accepted++;
        if (event != null) {
            count(event instanceof OrderEvent.RefundLine);
            sink.accept(event);
        } else {
            profiles++;
        }
    }

    /** Counts an accepted view ({@code merged} false) or a view already seen ({@code merged} true). */
    void view(boolean merged) {
        if (merged) {
            this.merged++;
        } else {
            accepted++;
        }
        views++;
    }

    /** Counts an accepted interaction, or a row merged into one already seen (an update or a repeat). */
    void interaction(boolean merged) {
        if (merged) {
            this.merged++;
        } else {
            accepted++;
        }
        interactions++;
    }

    /** Counts an accepted row of a campaign table, or one merged as an exact repeat. */
    void campaignRow(boolean merged) {
        if (merged) {
            this.merged++;
        } else {
            accepted++;
        }
        campaignRows++;
    }

    /** Counts an accepted catalogue row, or one merged as a repeat of a product already listed. */
    void product(boolean merged) {
        if (merged) {
            this.merged++;
        } else {
            accepted++;
        }
        products++;
    }

    /** A value dropped from a row that is kept. */
    void rejectField(long line, String field, String detail) {
        long count = fieldsRejected.merge(field, 1L, Long::sum);
        if (count <= samplesPerReason) {
            fieldSamples.add(new RowRejection(line, RejectReason.INVALID_VALUE, detail));
        }
    }

    /** A row that repeats an accepted one exactly: it is the same line, not another purchase. */
    void merged(boolean refund) {
        merged++;
        count(refund);
    }

    private void count(boolean refund) {
        if (refund) {
            refundLines++;
        } else {
            purchaseLines++;
        }
    }

    void reject(long line, RejectReason reason, String detail) {
        long count = rejected.merge(reason, 1L, Long::sum);
        if (count <= samplesPerReason) {
            samples.add(new RowRejection(line, reason, detail));
        }
    }

    ImportReport report() {
        long rejectedRows = rejected.values().stream().mapToLong(Long::longValue).sum();
        return new ImportReport(format, read, accepted, merged, rejectedRows, purchaseLines, refundLines, profiles,
                Map.copyOf(rejected), samples, Optional.ofNullable(currency), views, interactions, fieldsRejected,
                fieldSamples, campaignRows, products);
    }
}
