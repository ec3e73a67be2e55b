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
 *                         source numbers its own orders, so its 1001 is not another source's 1001
 */
public record SourceMapping(String name, Kind kind, Path file, Format format, Map<String, String> columns,
                            Optional<String> dateFormat, ZoneId zone, Optional<String> currency, char decimalSeparator,
                            char delimiter, Optional<String> customersFrom, Optional<String> orderIdsFrom) {

    /** What a source's rows are, and the fields each kind maps. */
    public enum Kind {
        /** Order lines: customerId, orderId, at and amount (or quantity and unitPrice); optional sku, category, quantity, currency, kind (purchase/refund/cancellation), refundId. */
        ORDERS,
        /** Customer profiles: id; optional name, email, phone, memberId, memberTier, birthYear, ageBand, gender, timeZone, locale, linkedId, observedAt. */
        PROFILES
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
