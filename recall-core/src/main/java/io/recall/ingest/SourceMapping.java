package io.recall.ingest;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read one source file: what it holds, where it is, and which column means what.
 *
 * @param name             the source's name (used in provenance and record keys), e.g. {@code stores}
 * @param kind             what the rows are
 * @param file             the file, plain or gzip
 * @param format           CSV or JSON Lines
 * @param columns          field name (see {@link Kind}) to the column or JSON member holding it
 * @param dateFormat       a {@link java.time.format.DateTimeFormatter} pattern for dates, if not ISO-8601
 * @param zone             the zone of local timestamps
 * @param currency         the ISO currency of amounts when no column names it
 * @param decimalSeparator {@code .} or {@code ,}
 * @param delimiter        the CSV field separator
 * @param customersFrom    for orders: the profile source whose ids the customer column holds (a till that
 *                         records member numbers); empty means this source's own ids
 * @param orderIdsFrom     for orders: the order source whose order numbers this source reports too (a till
 *                         that prints web orders' numbers); an order both report counts once. Empty means this
 *                         source numbers its own orders, so its 1001 is not another source's 1001. For
 *                         interactions: the order source whose numbers the order column holds
 * @param consents         for profiles: per channel id ({@code email}, {@code sms}, …), the columns stating
 *                         consent on it
 * @param titleCaseNames   for profiles: whether names typed all in upper or all in lower case are title-cased
 *                         (see {@link io.recall.identity.Names#titleCase})
 */
public record SourceMapping(String name, Kind kind, Path file, Format format, Map<String, String> columns,
                            Optional<String> dateFormat, ZoneId zone, Optional<String> currency, char decimalSeparator,
                            char delimiter, Optional<String> customersFrom, Optional<String> orderIdsFrom,
                            Map<String, ConsentColumns> consents, boolean titleCaseNames) {

    /**
     * The columns that state a consent on one channel.
     *
     * @param status the column saying granted ({@code yes}, {@code true}, {@code 1}, {@code granted},
     *               {@code opt-in}) or withdrawn ({@code no}, {@code false}, {@code 0}, {@code withdrawn},
     *               {@code opt-out}); empty means no statement
     * @param at     the column saying when; without it, the row's {@code observedAt}
     */
    public record ConsentColumns(String status, Optional<String> at) {
        /** Validates that nothing is missing. */
        public ConsentColumns {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A mapping without consents or name casing (orders, views, interactions, plain profiles). */
    public SourceMapping(String name, Kind kind, Path file, Format format, Map<String, String> columns,
                         Optional<String> dateFormat, ZoneId zone, Optional<String> currency, char decimalSeparator,
                         char delimiter, Optional<String> customersFrom, Optional<String> orderIdsFrom) {
        this(name, kind, file, format, columns, dateFormat, zone, currency, decimalSeparator, delimiter, customersFrom,
                orderIdsFrom, Map.of(), false);
    }

    /** What a source's rows are, and the fields each kind maps. */
    public enum Kind {
        /** Order lines: customerId, orderId, at and amount (or quantity and unitPrice); optional sku, category, quantity, currency, kind (purchase/refund/cancellation), refundId. */
        ORDERS,
        /** Customer profiles: id; optional name, email, phone, memberId, memberTier, birthYear, ageBand, gender, timeZone, locale, country, linkedId, observedAt. */
        PROFILES,
        /** Product views: customerId, sku, at; optional dwell (seconds, or an ISO-8601 duration such as PT45S). */
        VIEWS,
        /**
         * Service interactions: customerId, at, type (inquiry, question, complaint, feedback, praise…); optional
         * id (the ticket: rows with the same one are updates of one interaction), channel, status (open, pending,
         * closed, resolved…), category, orderId, sentiment (negative, neutral, positive, or a score from -1 to 1).
         */
        INTERACTIONS,
        /**
         * The product catalogue: sku; optional category. Order lines of any source whose own category is empty
         * take their product's category from here. A sku listed again with the same category is merged; with
         * another category, the later row is rejected (the first statement wins, as with order numbers).
         */
        PRODUCTS
    }

    /** The file formats a mapped source may have. */
    public enum Format {
        /** RFC 4180 with a header row. */
        CSV,
        /** One JSON object per line. */
        JSONL
    }

    /** Validates and copies. */
    public SourceMapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        columns = Map.copyOf(columns);
        Objects.requireNonNull(dateFormat, "dateFormat");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(customersFrom, "customersFrom");
        Objects.requireNonNull(orderIdsFrom, "orderIdsFrom");
        consents = Map.copyOf(consents);
        if (decimalSeparator != '.' && decimalSeparator != ',') {
            throw new IllegalArgumentException("decimal separator must be '.' or ',' but was '" + decimalSeparator + "'");
        }
    }

    /** The namespace of this source's order ids: its own name, or the source it shares order numbers with. */
    public String orderNamespace() {
        return orderIdsFrom.orElse(name);
    }

    /** The column mapped to a field, if any. */
    public Optional<String> column(String field) {
        return Optional.ofNullable(columns.get(field));
    }
}
