package io.recall.ingest;

import io.recall.model.Money;
import io.recall.model.OrderLine;
import io.recall.model.RefundKind;
import io.recall.rfm.RfmAggregator;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads order files row by row, hands each accepted row on as an {@link OrderEvent}, and accounts for
 * every row in an {@link ImportReport}. Memory stays bounded: rows are not kept (only the lines of the
 * current invoice, to merge exact duplicates, and, for the generic format, refunds that arrive before
 * their order). Gzip input is recognised by its content.
 *
 * <p>A row that is wrong is rejected with a reason and its line; an input that cannot be read on
 * (wrong header, broken quoting, invalid UTF-8) stops with an {@link ImportException} naming the line.
 */
public final class OrderImporter {

    private static final List<String> ONLINE_RETAIL_HEADER = List.of("InvoiceNo", "StockCode", "Description",
            "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country");
    private static final int PROGRESS_EVERY = 8192;

    private OrderImporter() {
    }

    /** Reads a file; see the class description. */
    public static ImportReport read(Path file, InputFormat format, ImportOptions options,
                                    Consumer<? super OrderEvent> sink, ProgressListener progress) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), format, options, sink, progress);
        }
    }

    /** Reads a stream (not closed here); {@code totalBytes} is for progress only, -1 when unknown. */
    public static ImportReport read(InputStream input, long totalBytes, InputFormat format, ImportOptions options,
                                    Consumer<? super OrderEvent> sink, ProgressListener progress) throws IOException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        if (format == InputFormat.MAPPED) {
            throw new IllegalArgumentException("mapped sources are read by MultiSourceImport with their SourceMapping");
        }
        Counting counting = new Counting(new BufferedInputStream(input, 1 << 16));
        InputStream data = counting;
        counting.mark(2);
        int b1 = counting.read();
        int b2 = counting.read();
        counting.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            data = new GZIPInputStream(counting, 1 << 16);
        }
        // Malformed UTF-8 is an error naming its line, never silently replaced.
        Reader reader = new InputStreamReader(new Utf8Lines(data), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        Rows rows = new Rows(format, options.samplesPerReason(), sink);
        ZoneId zone = options.zone().orElse(format.defaultZone());
        Context ctx = new Context(format, rows, options, zone, counting, totalBytes, progress);
        try {
            switch (format) {
                case ONLINE_RETAIL -> readOnlineRetail(reader, ctx);
                case CDNOW -> readCdnow(reader, ctx);
                case GENERIC -> readGeneric(reader, ctx);
                case GROCERY -> readGrocery(reader, ctx);
                default -> throw new AssertionError(format);
            }
        } catch (Utf8Lines.MalformedUtf8 e) {
            throw new ImportException(e.line, e.getMessage(), e);
        } catch (ImportException e) {
            if (e.getCause() instanceof Utf8Lines.MalformedUtf8 m) {
                throw new ImportException(m.line, m.getMessage(), m);
            }
            throw e;
        }
        progress.progress(counting.count, totalBytes, rows.readSoFar());
        return rows.report();
    }

    /** A sink that feeds purchase and refund lines into an aggregator. */
    public static Consumer<OrderEvent> toAggregator(RfmAggregator aggregator) {
        Objects.requireNonNull(aggregator, "aggregator");
        return event -> {
            if (event instanceof OrderEvent.PurchaseLine p) {
                aggregator.addPurchase(p.customerId(), p.orderId(), p.at(), p.orderLine().amount());
            } else if (event instanceof OrderEvent.RefundLine r) {
                aggregator.addRefund(r.customerId(), r.refundId(), r.at(), r.orderLine().amount(), r.orderId());
            }
        };
    }

    // ------------------------------------------------------------------ shared state

    private static final class Context {
        final Rows rows;
        final ImportOptions options;
        final Timestamps timestamps;
        final Instant cutoffEnd;
        final Counting counting;
        final long totalBytes;
        final ProgressListener progress;
        Currency currency;

        Context(InputFormat format, Rows rows, ImportOptions options, ZoneId zone, Counting counting, long totalBytes,
                ProgressListener progress) {
            this.rows = rows;
            this.options = options;
            this.timestamps = new Timestamps(zone, format == InputFormat.ONLINE_RETAIL);
            this.cutoffEnd = options.cutoff().map(d -> d.plusDays(1).atStartOfDay(zone).toInstant()).orElse(null);
            this.counting = counting;
            this.totalBytes = totalBytes;
            this.progress = progress;
        }

        void tick() {
            rows.read();
            if (rows.readSoFar() % PROGRESS_EVERY == 0) {
                progress.progress(counting.count, totalBytes, rows.readSoFar());
            }
        }

        boolean afterCutoff(Instant at) {
            return cutoffEnd != null && !at.isBefore(cutoffEnd);
        }

        /** Fixes the import's currency from the options or the format; false (and a rejection) if unknown. */
        void fixCurrency(String code) {
            currency = Money.currency(code);
            rows.currency = currency.getCurrencyCode();
        }
    }

    static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 37) + "..." : s;
        return "\"" + shown + "\"";
    }

    static Optional<BigDecimal> decimal(String s) {
        // Fast path for plain decimals such as 2.55 or -0.001: no char[] copy, no exponent handling.
        int n = s.length();
        if (n > 0 && n <= 17) {
            long unscaled = 0;
            int scale = -1;
            int i = s.charAt(0) == '-' ? 1 : 0;
            boolean digits = false;
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') {
                    unscaled = unscaled * 10 + (c - '0');
                    digits = true;
                    if (scale >= 0) {
                        scale++;
                    }
                } else if (c == '.' && scale < 0) {
                    scale = 0;
                } else {
                    break;
                }
            }
            if (i == n && digits) {
                return Optional.of(BigDecimal.valueOf(s.charAt(0) == '-' ? -unscaled : unscaled, Math.max(scale, 0)));
            }
        }
        try {
            return Optional.of(new BigDecimal(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Long> whole(String s) {
        try {
            return Optional.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Some exports write integer ids as floats ("17850.0", "17850.00"); the id is the integer. */
    private static String customerId(String raw) {
        String id = raw.trim();
        int dot = id.indexOf('.');
        if (dot > 0 && id.chars().limit(dot).allMatch(Character::isDigit)
                && id.chars().skip(dot + 1).allMatch(c -> c == '0')) {
            return id.substring(0, dot);
        }
        return id;
    }

    // ------------------------------------------------------------------ Online Retail

    private static void readOnlineRetail(Reader reader, Context ctx) throws IOException {
        ctx.fixCurrency(ctx.options.currency().orElse(InputFormat.ONLINE_RETAIL.fixedCurrency().orElseThrow()));
        Rows rows = ctx.rows;
        String source = ctx.options.source();
        try (CsvRecords csv = new CsvRecords(reader)) {
            requireHeader(csv, ONLINE_RETAIL_HEADER);
            String invoice = null;
            Set<LineKey> invoiceLines = new HashSet<>();
            while (csv.next()) {
                ctx.tick();
                long line = csv.line();
                if (csv.size() != ONLINE_RETAIL_HEADER.size()) {
                    rows.reject(line, RejectReason.MALFORMED_ROW, "expected 8 columns, found " + csv.size());
                    continue;
                }
                String invoiceNo = csv.get(0).trim();
                String stock = csv.get(1).trim();
                Optional<Long> quantity = whole(csv.get(3));
                if (quantity.isEmpty()) {
                    rows.reject(line, RejectReason.UNPARSABLE_QUANTITY, "Quantity " + quote(csv.get(3)));
                    continue;
                }
                Optional<Instant> at = ctx.timestamps.parse(csv.get(4));
                if (at.isEmpty()) {
                    rows.reject(line, RejectReason.UNPARSABLE_DATE, "InvoiceDate " + quote(csv.get(4)));
                    continue;
                }
                Optional<BigDecimal> price = decimal(csv.get(5));
                if (price.isEmpty()) {
                    rows.reject(line, RejectReason.UNPARSABLE_AMOUNT, "UnitPrice " + quote(csv.get(5)));
                    continue;
                }
                String customer = customerId(csv.get(6));
                if (customer.isEmpty()) {
                    rows.reject(line, RejectReason.MISSING_CUSTOMER_ID, "invoice " + invoiceNo);
                    continue;
                }
                if (invoiceNo.isEmpty()) {
                    rows.reject(line, RejectReason.MISSING_ORDER_ID, "InvoiceNo is empty");
                    continue;
                }
                if (stock.isEmpty()) {
                    rows.reject(line, RejectReason.MALFORMED_ROW, "StockCode is empty");
                    continue;
                }
                if (invoiceNo.startsWith("A")) {
                    rows.reject(line, RejectReason.ADJUSTMENT, "invoice " + invoiceNo);
                    continue;
                }
                boolean cancellation = invoiceNo.startsWith("C");
                long qty = quantity.get();
                if (cancellation && qty >= 0) {
                    rows.reject(line, RejectReason.CANCELLATION_NOT_NEGATIVE, "invoice " + invoiceNo + " Quantity " + qty);
                    continue;
                }
                if (!cancellation && qty <= 0) {
                    rows.reject(line, RejectReason.NON_POSITIVE_QUANTITY, "invoice " + invoiceNo + " Quantity " + qty);
                    continue;
                }
                if (price.get().signum() <= 0) {
                    rows.reject(line, RejectReason.NON_POSITIVE_PRICE,
                            "invoice " + invoiceNo + " UnitPrice " + price.get().toPlainString());
                    continue;
                }
                if (ctx.afterCutoff(at.get())) {
                    rows.reject(line, RejectReason.AFTER_CUTOFF, "invoice " + invoiceNo + " at " + csv.get(4));
                    continue;
                }
                // A line repeated exactly within one invoice (item, quantity, time, price) is the same line
                // exported twice, not a second purchase: ../shared/data/online_retail/SOURCE.md counts 5,268.
                if (!invoiceNo.equals(invoice)) {
                    invoice = invoiceNo;
                    // clear() walks the whole table; after a big invoice a fresh set is cheaper.
                    invoiceLines = invoiceLines.size() > 64 ? new HashSet<>() : invoiceLines;
                    invoiceLines.clear();
                }
                if (!invoiceLines.add(new LineKey(stock, csv.get(2), qty, csv.get(4), price.get(), customer))) {
                    rows.merged(cancellation);
                    continue;
                }
                OrderLine orderLine = OrderLine.of(stock, Optional.empty(), Math.abs(qty), new Money(price.get(), ctx.currency));
                if (cancellation) {
                    rows.accept(new OrderEvent.RefundLine(line, customer, invoiceNo, at.get(), RefundKind.CANCELLATION,
                            Optional.empty(), source, orderLine));
                } else {
                    rows.accept(new OrderEvent.PurchaseLine(line, customer, invoiceNo, at.get(), source, orderLine));
                }
            }
        }
    }

    /** What makes two lines of one invoice the same line. */
    private record LineKey(String stock, String description, long quantity, String time, BigDecimal price,
                           String customer) {
        /** Stock code and quantity tell lines apart well enough; equals still compares every field. */
        @Override
        public int hashCode() {
            return stock.hashCode() * 31 + Long.hashCode(quantity);
        }
    }

    private static void requireHeader(CsvRecords csv, List<String> expected) throws IOException {
        if (!csv.next()) {
            throw new ImportException(1, "empty input: expected the header " + String.join(",", expected), null);
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < csv.size(); i++) {
            found.add(stripBom(csv.get(i)).trim());
        }
        if (!found.equals(expected)) {
            throw new ImportException(csv.line(), "expected the header " + String.join(",", expected) + " but found "
                    + String.join(",", found), null);
        }
    }

    static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    // ------------------------------------------------------------------ CDNOW

    private static void readCdnow(Reader reader, Context ctx) throws IOException {
        ctx.fixCurrency(ctx.options.currency().orElse(InputFormat.CDNOW.fixedCurrency().orElseThrow()));
        Rows rows = ctx.rows;
        String source = ctx.options.source();
        BufferedReader lines = new BufferedReader(reader, 1 << 16);
        long lineNo = 0;
        String text;
        try {
            while ((text = lines.readLine()) != null) {
                lineNo++;
                String trimmed = text.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (lineNo == 1 && trimmed.startsWith("customer_id")) {
                    continue;
                }
                ctx.tick();
                String[] f = trimmed.split("\\s+");
                if (f.length != 4) {
                    rows.reject(lineNo, RejectReason.MALFORMED_ROW, "expected 4 columns, found " + f.length);
                    continue;
                }
                Optional<Instant> at = f[1].length() == 8 ? ctx.timestamps.parse(f[1]) : Optional.empty();
                if (at.isEmpty()) {
                    rows.reject(lineNo, RejectReason.UNPARSABLE_DATE, "date " + quote(f[1]) + ", expected YYYYMMDD");
                    continue;
                }
                Optional<Long> cds = whole(f[2]);
                if (cds.isEmpty()) {
                    rows.reject(lineNo, RejectReason.UNPARSABLE_QUANTITY, "number_of_cds " + quote(f[2]));
                    continue;
                }
                Optional<BigDecimal> value = decimal(f[3]);
                if (value.isEmpty()) {
                    rows.reject(lineNo, RejectReason.UNPARSABLE_AMOUNT, "dollar_value " + quote(f[3]));
                    continue;
                }
                if (cds.get() < 1) {
                    rows.reject(lineNo, RejectReason.NON_POSITIVE_QUANTITY, "number_of_cds " + cds.get());
                    continue;
                }
                if (value.get().signum() < 0) {
                    rows.reject(lineNo, RejectReason.NON_POSITIVE_PRICE, "dollar_value " + value.get().toPlainString());
                    continue;
                }
                if (ctx.afterCutoff(at.get())) {
                    rows.reject(lineNo, RejectReason.AFTER_CUTOFF, "date " + f[1]);
                    continue;
                }
                // Each row is one transaction; zero-value transactions are real (80 in the master file).
                OrderLine line = OrderLine.ofTotal("CD", Optional.of("music"), cds.get(), new Money(value.get(), ctx.currency));
                rows.accept(new OrderEvent.PurchaseLine(lineNo, f[0], f[0] + "-" + lineNo, at.get(), source, line));
            }
        } catch (Utf8Lines.MalformedUtf8 e) {
            throw e;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ImportException(lineNo + 1, "invalid UTF-8: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ grocery event log

    private static void readGrocery(Reader reader, Context ctx) throws IOException {
        ctx.fixCurrency(ctx.options.currency().orElse(InputFormat.GROCERY.fixedCurrency().orElseThrow()));
        Rows rows = ctx.rows;
        String source = ctx.options.source();
        Money nothing = Money.zero(ctx.currency);
        java.util.Set<String> days = new java.util.HashSet<>();
        try (CsvRecords csv = new CsvRecords(reader)) {
            if (!csv.next()) {
                throw new ImportException(1, "empty input: expected the header cust,date", null);
            }
            int cust = -1;
            int date = -1;
            for (int i = 0; i < csv.size(); i++) {
                String name = stripBom(csv.get(i)).strip();
                if (name.equals("cust")) {
                    cust = i;
                } else if (name.equals("date")) {
                    date = i;
                }
            }
            if (cust < 0 || date < 0 || csv.size() != 2) {
                List<String> found = new ArrayList<>();
                for (int i = 0; i < csv.size(); i++) {
                    found.add(csv.get(i));
                }
                throw new ImportException(csv.line(), "expected the header cust,date, found " + found, null);
            }
            while (csv.next()) {
                ctx.tick();
                long lineNo = csv.line();
                if (csv.size() != 2) {
                    rows.reject(lineNo, RejectReason.MALFORMED_ROW, "expected 2 columns, found " + csv.size());
                    continue;
                }
                String customer = csv.get(cust).strip();
                String day = csv.get(date).strip();
                if (customer.isEmpty()) {
                    rows.reject(lineNo, RejectReason.MISSING_CUSTOMER_ID, "cust is empty");
                    continue;
                }
                Optional<Instant> at = day.length() == 10 ? ctx.timestamps.parse(day) : Optional.empty();
                if (at.isEmpty()) {
                    rows.reject(lineNo, RejectReason.UNPARSABLE_DATE, "date " + quote(day) + ", expected YYYY-MM-DD");
                    continue;
                }
                if (ctx.afterCutoff(at.get())) {
                    rows.reject(lineNo, RejectReason.AFTER_CUTOFF, "date " + day);
                    continue;
                }
                // The log has one row per purchase day: a repeat is the same purchase exported twice.
                String orderId = customer + "-" + day;
                if (!days.add(orderId)) {
                    rows.merged(false);
                    continue;
                }
                OrderLine line = OrderLine.ofTotal("item", Optional.empty(), 1, nothing);
                rows.accept(new OrderEvent.PurchaseLine(lineNo, customer, orderId, at.get(), source, line));
            }
        }
    }

    // ------------------------------------------------------------------ generic CSV

    private static final List<String> GENERIC_REQUIRED = List.of("customer_id", "order_id", "ordered_at", "amount");
    private static final List<String> GENERIC_KNOWN = List.of("customer_id", "order_id", "ordered_at", "amount",
            "currency", "kind", "sku", "category", "quantity", "refund_id");

    private record PendingRefund(OrderEvent.RefundLine event, String orderKey) {
    }

    private static void readGeneric(Reader reader, Context ctx) throws IOException {
        Rows rows = ctx.rows;
        String source = ctx.options.source();
        ctx.options.currency().ifPresent(ctx::fixCurrency);
        try (CsvRecords csv = new CsvRecords(reader)) {
            if (!csv.next()) {
                throw new ImportException(1, "empty input: expected a header with " + GENERIC_REQUIRED, null);
            }
            Map<String, Integer> column = new HashMap<>();
            for (int i = 0; i < csv.size(); i++) {
                String name = stripBom(csv.get(i)).trim().toLowerCase(Locale.ROOT);
                if (!GENERIC_KNOWN.contains(name)) {
                    throw new ImportException(csv.line(), "unknown column " + quote(name) + "; known columns are "
                            + GENERIC_KNOWN, null);
                }
                if (column.put(name, i) != null) {
                    throw new ImportException(csv.line(), "column " + quote(name) + " appears twice", null);
                }
            }
            for (String required : GENERIC_REQUIRED) {
                if (!column.containsKey(required)) {
                    throw new ImportException(csv.line(), "missing column " + quote(required) + "; the header needs "
                            + GENERIC_REQUIRED + " and currency (or a currency in the import options)", null);
                }
            }
            if (!column.containsKey("currency") && ctx.currency == null) {
                throw new ImportException(csv.line(), "no currency column and no currency in the import options", null);
            }
            int width = csv.size();
            int cCustomer = column.get("customer_id");
            int cOrder = column.get("order_id");
            int cAt = column.get("ordered_at");
            int cAmount = column.get("amount");
            int cCurrency = column.getOrDefault("currency", -1);
            int cKind = column.getOrDefault("kind", -1);
            int cSku = column.getOrDefault("sku", -1);
            int cCategory = column.getOrDefault("category", -1);
            int cQuantity = column.getOrDefault("quantity", -1);
            int cRefundId = column.getOrDefault("refund_id", -1);
            // Order ids are unique per customer, not per file: two customers may both have an order 1001.
            Map<String, Instant> orderPlaced = new HashMap<>();
            List<PendingRefund> pending = new ArrayList<>();
            while (csv.next()) {
                ctx.tick();
                long line = csv.line();
                if (csv.size() != width) {
                    rows.reject(line, RejectReason.MALFORMED_ROW, "expected " + width + " columns, found " + csv.size());
                    continue;
                }
                Optional<Instant> at = ctx.timestamps.parse(csv.get(cAt));
                if (at.isEmpty()) {
                    rows.reject(line, RejectReason.UNPARSABLE_DATE, "ordered_at " + quote(csv.get(cAt)));
                    continue;
                }
                Optional<BigDecimal> amount = decimal(csv.get(cAmount));
                if (amount.isEmpty()) {
                    rows.reject(line, RejectReason.UNPARSABLE_AMOUNT, "amount " + quote(csv.get(cAmount)));
                    continue;
                }
                Optional<Long> quantity = cQuantity < 0 || csv.get(cQuantity).isBlank() ? Optional.of(1L)
                        : whole(csv.get(cQuantity));
                if (quantity.isEmpty()) {
                    rows.reject(line, RejectReason.UNPARSABLE_QUANTITY, "quantity " + quote(csv.get(cQuantity)));
                    continue;
                }
                Currency currency;
                if (cCurrency >= 0) {
                    try {
                        currency = Money.currency(csv.get(cCurrency));
                    } catch (IllegalArgumentException e) {
                        rows.reject(line, RejectReason.UNKNOWN_CURRENCY, "currency " + quote(csv.get(cCurrency)));
                        continue;
                    }
                } else {
                    currency = ctx.currency;
                }
                String customer = csv.get(cCustomer).trim();
                if (customer.isEmpty()) {
                    rows.reject(line, RejectReason.MISSING_CUSTOMER_ID, "customer_id is empty");
                    continue;
                }
                String orderId = csv.get(cOrder).trim();
                String kindText = cKind < 0 ? "purchase" : csv.get(cKind).trim().toLowerCase(Locale.ROOT);
                RefundKind refundKind;
                switch (kindText) {
                    case "", "purchase" -> refundKind = null;
                    case "refund", "return" -> refundKind = RefundKind.RETURN;
                    case "cancellation", "cancel" -> refundKind = RefundKind.CANCELLATION;
                    default -> {
                        rows.reject(line, RejectReason.UNKNOWN_KIND, "kind " + quote(kindText)
                                + ", expected purchase, refund or cancellation");
                        continue;
                    }
                }
                // A refund without an order id is an unlinked refund; a purchase needs its order.
                if (orderId.isEmpty() && refundKind == null) {
                    rows.reject(line, RejectReason.MISSING_ORDER_ID, "order_id is empty");
                    continue;
                }
                if (quantity.get() < 1) {
                    rows.reject(line, RejectReason.NON_POSITIVE_QUANTITY, "quantity " + quantity.get());
                    continue;
                }
                int sign = amount.get().signum();
                if (sign < 0 || (refundKind != null && sign == 0)) {
                    rows.reject(line, RejectReason.NON_POSITIVE_PRICE, "amount " + amount.get().toPlainString()
                            + (refundKind != null ? " (a refund needs a positive amount)" : ""));
                    continue;
                }
                if (ctx.afterCutoff(at.get())) {
                    rows.reject(line, RejectReason.AFTER_CUTOFF, "ordered_at " + csv.get(cAt));
                    continue;
                }
                // The first accepted row fixes the currency when neither the options nor the format do.
                if (ctx.currency == null) {
                    ctx.fixCurrency(currency.getCurrencyCode());
                } else if (!ctx.currency.equals(currency)) {
                    rows.reject(line, RejectReason.CURRENCY_MISMATCH, "currency " + currency.getCurrencyCode()
                            + " in an import in " + ctx.currency.getCurrencyCode());
                    continue;
                }
                String sku = cSku >= 0 && !csv.get(cSku).isBlank() ? csv.get(cSku).trim() : "order";
                Optional<String> category = cCategory >= 0 && !csv.get(cCategory).isBlank()
                        ? Optional.of(csv.get(cCategory).trim()) : Optional.empty();
                OrderLine orderLine = OrderLine.ofTotal(sku, category, quantity.get(), new Money(amount.get(), currency));
                String orderKey = customer + '\u0000' + orderId;
                if (refundKind == null) {
                    orderPlaced.merge(orderKey, at.get(), (a, b) -> a.isBefore(b) ? a : b);
                    rows.accept(new OrderEvent.PurchaseLine(line, customer, orderId, at.get(), source, orderLine));
                    continue;
                }
                String refundId = cRefundId >= 0 && !csv.get(cRefundId).isBlank() ? csv.get(cRefundId).trim()
                        : "refund-" + orderId + "-" + line;
                OrderEvent.RefundLine refund = new OrderEvent.RefundLine(line, customer, refundId, at.get(), refundKind,
                        orderId.isEmpty() ? Optional.empty() : Optional.of(orderId), source, orderLine);
                Instant placed = orderPlaced.get(orderKey);
                if (orderId.isEmpty()) {
                    rows.accept(refund);
                } else if (placed == null) {
                    // The order may come later in the file: decide at the end.
                    pending.add(new PendingRefund(refund, orderKey));
                } else if (at.get().isBefore(placed)) {
                    rows.reject(line, RejectReason.REFUND_BEFORE_ORDER, "dates out of order: refund at "
                            + csv.get(cAt) + " precedes order " + orderId + " placed at " + placed);
                } else {
                    rows.accept(refund);
                }
            }
            for (PendingRefund p : pending) {
                Instant placed = orderPlaced.get(p.orderKey());
                if (placed != null && p.event().at().isBefore(placed)) {
                    rows.reject(p.event().line(), RejectReason.REFUND_BEFORE_ORDER, "dates out of order: refund at "
                            + p.event().at() + " precedes order " + p.event().orderId().orElseThrow() + " placed at "
                            + placed);
                } else {
                    rows.accept(p.event());
                }
            }
        }
    }

    // ------------------------------------------------------------------ byte counting for progress

    static final class Counting extends FilterInputStream {
        long count;
        private long mark;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            mark = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = mark;
        }
    }
}
