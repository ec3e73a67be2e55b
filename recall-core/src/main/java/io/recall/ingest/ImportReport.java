package io.recall.ingest;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to every row of an import. It always reconciles:
 * {@code rowsRead = rowsAccepted + rowsMerged + rowsRejected}, and the rejections per reason sum to
 * {@code rowsRejected}; the constructor refuses a report that does not.
 *
 * @param format            the format read
 * @param rowsRead          data rows read (the header is not a row)
 * @param rowsAccepted      rows handed on as events
 * @param rowsMerged        rows recognised as exact duplicates of an accepted row and merged into it
 * @param rowsRejected      rows rejected with a reason
 * @param purchaseLines     accepted and merged rows that are purchase lines
 * @param refundLines       accepted and merged rows that are refund or cancellation lines
 * @param profiles          accepted rows that are customer profiles
 * @param rejectedByReason  rejections per reason (reasons with none are absent)
 * @param samples           the first few rejected rows per reason, with line numbers
 * @param currency          the ISO code of the import's currency, once known
 * @param views             accepted and merged rows that are product views
 * @param interactions      accepted and merged rows that are service interactions
 * @param fieldsRejected    per field name, values dropped from rows that were kept (a country no one knows):
 *                          the row counts as accepted, the field as absent
 * @param fieldSamples      the first few dropped values per field, with line numbers
 * @param campaignRows      accepted and merged rows of campaign tables (campaigns, targeting, coupons,
 *                          redemptions; see {@link CampaignImport})
 * @param products          accepted and merged rows of a product catalogue
 */
public record ImportReport(InputFormat format, long rowsRead, long rowsAccepted, long rowsMerged, long rowsRejected,
                           long purchaseLines, long refundLines, long profiles, Map<RejectReason, Long> rejectedByReason, List<RowRejection> samples,
                           Optional<String> currency, long views, long interactions, Map<String, Long> fieldsRejected,
                           List<RowRejection> fieldSamples, long campaignRows, long products) {

    /** A report of order or profile rows only, with no field dropped. */
    public ImportReport(InputFormat format, long rowsRead, long rowsAccepted, long rowsMerged, long rowsRejected,
                        long purchaseLines, long refundLines, long profiles, Map<RejectReason, Long> rejectedByReason,
                        List<RowRejection> samples, Optional<String> currency) {
        this(format, rowsRead, rowsAccepted, rowsMerged, rowsRejected, purchaseLines, refundLines, profiles,
                rejectedByReason, samples, currency, 0, 0, Map.of(), List.of(), 0, 0);
    }

    /** A report without catalogue rows (the shape before product catalogues were read). */
    public ImportReport(InputFormat format, long rowsRead, long rowsAccepted, long rowsMerged, long rowsRejected,
                        long purchaseLines, long refundLines, long profiles, Map<RejectReason, Long> rejectedByReason,
                        List<RowRejection> samples, Optional<String> currency, long views, long interactions,
                        Map<String, Long> fieldsRejected, List<RowRejection> fieldSamples, long campaignRows) {
        this(format, rowsRead, rowsAccepted, rowsMerged, rowsRejected, purchaseLines, refundLines, profiles,
                rejectedByReason, samples, currency, views, interactions, fieldsRejected, fieldSamples, campaignRows, 0);
    }

    /** Checks that the counts reconcile. */
    public ImportReport {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(currency, "currency");
        EnumMap<RejectReason, Long> copy = new EnumMap<>(RejectReason.class);
        copy.putAll(rejectedByReason);
        rejectedByReason = Collections.unmodifiableMap(copy);
        samples = List.copyOf(samples);
        fieldsRejected = Collections.unmodifiableSortedMap(new java.util.TreeMap<>(fieldsRejected));
        fieldSamples = List.copyOf(fieldSamples);
        long perReason = copy.values().stream().mapToLong(Long::longValue).sum();
        if (rowsRead != rowsAccepted + rowsMerged + rowsRejected || perReason != rowsRejected
                || purchaseLines + refundLines + profiles + views + interactions + campaignRows + products
                != rowsAccepted + rowsMerged) {
            throw new IllegalStateException("import counts do not reconcile: read " + rowsRead + " != accepted "
                    + rowsAccepted + " + merged " + rowsMerged + " + rejected " + rowsRejected
                    + " (per reason " + perReason + "; purchase lines " + purchaseLines + " + refund lines "
                    + refundLines + ", profiles " + profiles + ", views " + views + ", interactions " + interactions + ", campaign rows " + campaignRows
                    + ", products " + products + ")");
        }
    }

    /** Values of one field dropped from rows that were kept. */
    public long fieldRejected(String field) {
        return fieldsRejected.getOrDefault(field, 0L);
    }

    /** Rejections of one reason. */
    public long rejected(RejectReason reason) {
        return rejectedByReason.getOrDefault(reason, 0L);
    }
}
