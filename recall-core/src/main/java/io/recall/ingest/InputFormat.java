package io.recall.ingest;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/**
 * The order-data formats Recall reads out of the box. Files may be gzip-compressed (detected by content).
 */
public enum InputFormat {
    /**
     * UCI Online Retail: {@code InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country},
     * GBP, UK local time; {@code C…} invoices are cancellations.
     */
    ONLINE_RETAIL("online-retail", ZoneId.of("Europe/London"), Optional.of("GBP")),
    /**
     * CDNOW master: whitespace-aligned {@code customer_id date number_of_cds dollar_value}, dates
     * {@code YYYYMMDD}, USD, CRLF; one row per transaction.
     */
    CDNOW("cdnow", ZoneOffset.UTC, Optional.of("USD")),
    /**
     * A plain CSV with a header naming (in any order) {@code customer_id, order_id, ordered_at, amount,
     * currency} and optionally {@code kind} ({@code purchase}, {@code refund}, {@code cancellation}),
     * {@code sku}, {@code category}, {@code quantity}. {@code ordered_at} is an ISO-8601 instant, offset
     * date-time, local date-time or date (local values in the import's zone). A refund or cancellation
     * row carries a positive amount and names the refunded order in {@code order_id} (empty: an unlinked
     * refund); rows with the same optional {@code refund_id} make one refund. Rows are taken as they are:
     * two identical lines of one order are two lines.
     */
    GENERIC("generic", ZoneOffset.UTC, Optional.empty()),
    /**
     * An event log of purchase days without amounts or items, as BTYDplus' {@code groceryElog}: a header
     * {@code cust,date}, one row per customer and day ({@code YYYY-MM-DD}). Each row is one purchase of
     * unknown value, carried as a zero amount (in the options' currency, else EUR: zero is zero in any
     * currency, and RFM needs one), so recency and frequency are real and monetary value is not; a second row
     * for the same customer and day is merged as a duplicate.
     */
    GROCERY("grocery", ZoneOffset.UTC, Optional.of("EUR")),
    /** A source read through a {@link SourceMapping} by {@link MultiSourceImport}, or a table read by {@link CampaignImport}. */
    MAPPED("mapped", ZoneOffset.UTC, Optional.empty());

    private final String id;
    private final ZoneId zone;
    private final Optional<String> currency;

    InputFormat(String id, ZoneId zone, Optional<String> currency) {
        this.id = id;
        this.zone = zone;
        this.currency = currency;
    }

    /** The name used on the command line, e.g. {@code online-retail}. */
    public String id() {
        return id;
    }

    /** The time zone the format's local timestamps are in, unless the import options say otherwise. */
    public ZoneId defaultZone() {
        return zone;
    }

    /** The currency the format is always in; empty when each row names its own. */
    public Optional<String> fixedCurrency() {
        return currency;
    }

    /** The format with the given command-line name. */
    public static Optional<InputFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
