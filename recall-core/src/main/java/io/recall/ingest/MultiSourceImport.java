package io.recall.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.recall.identity.IdentityResolver;
import io.recall.identity.IdentityRules;
import io.recall.identity.ProfileRecord;
import io.recall.identity.Resolution;
import io.recall.internal.JsonInput;
import io.recall.channels.Channel;
import io.recall.identity.Countries;
import io.recall.identity.Names;
import io.recall.model.Consent;
import io.recall.model.CustomerProfile;
import io.recall.model.ProductView;
import io.recall.model.ServiceInteraction;
import io.recall.model.Gender;
import io.recall.model.Money;
import io.recall.model.OrderLine;
import io.recall.model.RefundKind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Imports several mapped sources as one customer base: reads every profile source, resolves who is
 * who across sources, then streams every order source, then every view source, then every interaction
 * source, with their customers re-keyed to the resolved people. An order that two sources both report (same
 * person, same order id) counts once: the second source's lines are merged as duplicates; likewise a refund
 * (same refund id, or without one the same person, order, time, product, quantity and amount) and a view
 * (same person, product and instant). Rows of one ticket merge into one interaction. Every row of every
 * source ends accepted, merged or rejected with a reason and its line; a value that cannot be read in a
 * profile or interaction row worth keeping (a country, a consent, a status) is dropped and reported in
 * {@link ImportReport#fieldsRejected()}.
 */
public final class MultiSourceImport {

    /**
     * What an import produced.
     *
     * @param reports      per source name, the accounting of its rows
     * @param resolution   the people and the contact values that were not used
     * @param interactions the service interactions, re-keyed to people, one per ticket (its rows merged),
     *                     sorted by customer, time and id
     */
    public record Result(Map<String, ImportReport> reports, Resolution resolution,
                         List<ServiceInteraction> interactions) {

        /** A result without interactions. */
        public Result(Map<String, ImportReport> reports, Resolution resolution) {
            this(reports, resolution, List.of());
        }

        /** Copies. */
        public Result {
            reports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reports));
            Objects.requireNonNull(resolution, "resolution");
            interactions = List.copyOf(interactions);
        }

        /** Per person with any, the number of complaints still open (for the call-back list and incentive facts). */
        public Map<String, Integer> openComplaints() {
            Map<String, Integer> open = new java.util.TreeMap<>();
            for (ServiceInteraction i : interactions) {
                if (i.isOpenComplaint()) {
                    open.merge(i.customerId(), 1, Integer::sum);
                }
            }
            return java.util.Collections.unmodifiableMap(open);
        }

        /** The complaints a person has open, zero for anyone else (for many people, ask {@link #openComplaints()} once). */
        public int openComplaints(String customerId) {
            Objects.requireNonNull(customerId, "customerId");
            return (int) interactions.stream().filter(i -> i.customerId().equals(customerId))
                    .filter(ServiceInteraction::isOpenComplaint).count();
        }

        /** A person's interactions, oldest first. */
        public List<ServiceInteraction> interactionsOf(String customerId) {
            Objects.requireNonNull(customerId, "customerId");
            return interactions.stream().filter(i -> i.customerId().equals(customerId)).toList();
        }
    }

    private final ImportConfig config;
    private final IdentityRules identity;
    private final Clock clock;

    private MultiSourceImport(ImportConfig config, IdentityRules identity, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * An import of the configured sources.
     *
     * @param identity the configuration's identity rules, possibly with a real phone normaliser set
     * @param clock    the "observed at" of profile rows that do not say when they were observed
     */
    public static MultiSourceImport of(ImportConfig config, IdentityRules identity, Clock clock) {
        return new MultiSourceImport(config, identity, clock);
    }

    /**
     * Runs the import: order lines, re-keyed to people ({@code customerId} is the person's id), go to
     * {@code orders} as they are read; product views are read, accounted and dropped.
     */
    public Result run(Consumer<? super OrderEvent> orders) throws IOException {
        return run(orders, view -> { });
    }

    /**
     * Runs the import: order lines and product views, re-keyed to people ({@code customerId} is the person's
     * id), go to {@code orders} and {@code views} as they are read; service interactions, fewer and merged per
     * ticket, come back in the result. A view of the same product by the same person at the same instant is
     * one view however many sources report it; later reports are merged.
     */
    public Result run(Consumer<? super OrderEvent> orders, Consumer<? super ProductView> views) throws IOException {
        return run(orders, views, ProgressListener.NONE);
    }

    /**
     * As {@link #run(Consumer, Consumer)}, telling {@code progress} now and then how far the import has got over
     * all sources together: bytes read of the sources' files against their total size, and rows read.
     */
    public Result run(Consumer<? super OrderEvent> orders, Consumer<? super ProductView> views,
                      ProgressListener progress) throws IOException {
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(views, "views");
        Progress tracker = new Progress(Objects.requireNonNull(progress, "progress"), config.sources());
        Map<String, ImportReport> reports = new LinkedHashMap<>();
        Map<String, Catalogued> catalogue = new HashMap<>();
        for (SourceMapping source : config.sources()) {
            if (source.kind() == SourceMapping.Kind.PRODUCTS) {
                Rows rows = new Rows(InputFormat.MAPPED, 5, event -> { });
                readProducts(source, rows, tracker, catalogue);
                reports.put(source.name(), rows.report());
            }
        }
        List<ProfileRecord> profiles = new ArrayList<>();
        for (SourceMapping source : config.sources()) {
            if (source.kind() == SourceMapping.Kind.PROFILES) {
                Rows rows = new Rows(InputFormat.MAPPED, 5, event -> { });
                readProfiles(source, rows, tracker, profiles);
                reports.put(source.name(), rows.report());
            }
        }
        Resolution resolution = IdentityResolver.of(identity).resolve(profiles);
        Map<String, String> people = resolution.index();
        Map<String, String> firstSourceOfOrder = new HashMap<>();
        Map<String, String> firstSourceOfRefund = new HashMap<>();
        for (SourceMapping source : config.sources()) {
            if (source.kind() == SourceMapping.Kind.ORDERS) {
                Rows rows = new Rows(InputFormat.MAPPED, 5, orders);
                readOrders(source, rows, tracker, people, catalogue, firstSourceOfOrder, firstSourceOfRefund);
                reports.put(source.name(), rows.report());
            }
        }
        java.util.Set<String> seenViews = new java.util.HashSet<>();
        for (SourceMapping source : config.sources()) {
            if (source.kind() == SourceMapping.Kind.VIEWS) {
                Rows rows = new Rows(InputFormat.MAPPED, 5, event -> { });
                readViews(source, rows, tracker, people, seenViews, views);
                reports.put(source.name(), rows.report());
            }
        }
        Map<String, Interactions.Ticket> tickets = new LinkedHashMap<>();
        for (SourceMapping source : config.sources()) {
            if (source.kind() == SourceMapping.Kind.INTERACTIONS) {
                Rows rows = new Rows(InputFormat.MAPPED, 5, event -> { });
                readInteractions(source, rows, tracker, people, tickets);
                reports.put(source.name(), rows.report());
            }
        }
        return new Result(reports, resolution, Interactions.sorted(tickets.values()));
    }

    /** Progress over every source file of one run; reported every {@value #PROGRESS_EVERY} rows and per file. */
    private static final class Progress {
        private static final int PROGRESS_EVERY = 8192;
        private final ProgressListener listener;
        private final long totalBytes;
        private long bytesOfReadFiles;
        private long rows;
        private OrderImporter.Counting current;

        Progress(ProgressListener listener, List<SourceMapping> sources) {
            this.listener = listener;
            long total = 0;
            for (SourceMapping source : sources) {
                try {
                    total += Files.size(source.file());
                } catch (IOException e) {
                    total = -1; // unknown; the read itself reports the missing file
                    break;
                }
            }
            this.totalBytes = total;
        }

        InputStream open(SourceMapping source) throws IOException {
            current = new OrderImporter.Counting(Files.newInputStream(source.file()));
            return current;
        }

        void row() {
            if (++rows % PROGRESS_EVERY == 0) {
                report();
            }
        }

        void closed() {
            bytesOfReadFiles += current.count;
            current = null;
            report();
        }

        void report() {
            listener.progress(bytesOfReadFiles + (current == null ? 0 : current.count), totalBytes, rows);
        }
    }

    // ------------------------------------------------------------------ rows of either format

    /** One row: a value by column name (absent when the column is missing or empty). */
    private interface Row {
        Optional<String> get(String column);
    }

    private interface RowHandler {
        void handle(long line, Row row);
    }

    private static void forEachRow(SourceMapping source, Rows rows, Progress progress, RowHandler handler)
            throws IOException {
        try (InputStream file = progress.open(source)) {
            Reader reader = Utf8Lines.reader(file);
            try {
                if (source.format() == SourceMapping.Format.CSV) {
                    forEachCsvRow(reader, source, rows, progress, handler);
                } else {
                    forEachJsonRow(reader, rows, progress, handler);
                }
            } catch (Utf8Lines.MalformedUtf8 e) {
                throw new ImportException(e.line, source.name() + ": " + e.getMessage(), e);
            } catch (ImportException e) {
                // The CSV parser reads ahead and only knows its record count; the checker knows the physical line.
                if (e.getCause() instanceof Utf8Lines.MalformedUtf8 m) {
                    throw new ImportException(m.line, source.name() + ": " + m.getMessage(), m);
                }
                throw e;
            }
        }
        progress.closed();
    }

    private static void forEachCsvRow(Reader reader, SourceMapping source, Rows rows, Progress progress,
                                      RowHandler handler)
            throws IOException {
        try (CsvRecords csv = new CsvRecords(reader, source.delimiter())) {
            if (!csv.next()) {
                throw new ImportException(1, source.name() + ": empty file, expected a header", null);
            }
            Map<String, Integer> header = new HashMap<>();
            for (int i = 0; i < csv.size(); i++) {
                header.put(OrderImporter.stripBom(csv.get(i)).trim(), i);
            }
            Map<String, String> mapped = new HashMap<>(source.columns());
            source.consents().forEach((channel, c) -> {
                mapped.put("consents." + channel + ".status", c.status());
                c.at().ifPresent(at -> mapped.put("consents." + channel + ".at", at));
            });
            List<String> missing = mapped.entrySet().stream().filter(e -> !header.containsKey(e.getValue()))
                    .map(e -> e.getKey() + " \"" + e.getValue() + "\"").sorted().toList();
            if (!missing.isEmpty()) {
                throw new ImportException(csv.line(), source.name() + ": mapped columns missing from the header "
                        + header.keySet() + ": " + String.join(", ", missing), null);
            }
            int width = csv.size();
            while (csv.next()) {
                rows.read();
                progress.row();
                if (csv.size() != width) {
                    rows.reject(csv.line(), RejectReason.MALFORMED_ROW, "expected " + width + " columns, found " + csv.size());
                    continue;
                }
                handler.handle(csv.line(), column -> {
                    Integer at = header.get(column);
                    String value = at == null ? "" : csv.get(at).strip();
                    return value.isEmpty() ? Optional.empty() : Optional.of(value);
                });
            }
        }
    }

    private static void forEachJsonRow(Reader reader, Rows rows, Progress progress, RowHandler handler)
            throws IOException {
        BufferedReader lines = new BufferedReader(reader, 1 << 16);
        String text;
        long line = 0;
        while ((text = lines.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            rows.read();
            progress.row();
            JsonNode node;
            try {
                node = JsonInput.MAPPER.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                rows.reject(line, RejectReason.MALFORMED_ROW, "not JSON: " + e.getOriginalMessage());
                continue;
            }
            if (node == null || !node.isObject()) {
                rows.reject(line, RejectReason.MALFORMED_ROW, "expected a JSON object, found " + JsonInput.describe(node));
                continue;
            }
            JsonNode object = node;
            handler.handle(line, member -> {
                JsonNode value = object.get(member);
                if (value == null || value.isNull() || value.isContainerNode()) {
                    return Optional.empty();
                }
                String s = value.isNumber() ? value.decimalValue().toPlainString() : value.asText().strip();
                return s.isEmpty() ? Optional.empty() : Optional.of(s);
            });
        }
    }

    private static Optional<String> field(SourceMapping source, Row row, String field) {
        return source.column(field).flatMap(row::get);
    }

    private interface StampedRowHandler {
        void handle(long line, Row row, String customer, Instant at);
    }

    /** Each row with its customer and time; a row missing either, or with a time that does not parse, is rejected. */
    private static void forEachStampedRow(SourceMapping source, Rows rows, Progress progress,
                                          StampedRowHandler handler) throws IOException {
        Timestamps iso = new Timestamps(source.zone(), false);
        forEachRow(source, rows, progress, (line, row) -> {
            Optional<String> customer = field(source, row, "customerId");
            if (customer.isEmpty()) {
                rows.reject(line, RejectReason.MISSING_CUSTOMER_ID, source.column("customerId").orElseThrow() + " is empty");
                return;
            }
            Optional<String> atText = field(source, row, "at");
            Optional<Instant> at = atText.flatMap(t -> instant(source, iso, t));
            if (at.isEmpty()) {
                rows.reject(line, RejectReason.UNPARSABLE_DATE, "at " + OrderImporter.quote(atText.orElse(""))
                        + source.dateFormat().map(f -> ", expected " + f).orElse(", expected ISO-8601"));
                return;
            }
            handler.handle(line, row, customer.get(), at.get());
        });
    }

    // ------------------------------------------------------------------ values

    private static Optional<Instant> instant(SourceMapping source, Timestamps iso, String text) {
        if (source.dateFormat().isEmpty()) {
            return iso.parse(text);
        }
        try {
            // STRICT, or 31.02 quietly becomes 29.02; strict needs the proleptic year 'u' rather than 'y'.
            DateTimeFormatter format = DateTimeFormatter.ofPattern(source.dateFormat().get().replace('y', 'u'), Locale.ROOT)
                    .withResolverStyle(java.time.format.ResolverStyle.STRICT);
            TemporalAccessor parsed = format.parse(text);
            if (parsed.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)) {
                return Optional.of(LocalDateTime.from(parsed).atZone(source.zone()).toInstant());
            }
            return Optional.of(LocalDate.from(parsed).atStartOfDay(source.zone()).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<BigDecimal> amount(SourceMapping source, String text) {
        String plain = text;
        if (source.decimalSeparator() == ',') {
            // "1.234,50" has thousands separators we do not guess at; "12,50" is twelve and a half.
            if (text.indexOf('.') >= 0) {
                return Optional.empty();
            }
            plain = text.replace(',', '.');
        }
        return OrderImporter.decimal(plain);
    }

    // ------------------------------------------------------------------ profiles

    private void readProfiles(SourceMapping source, Rows rows, Progress progress, List<ProfileRecord> out)
            throws IOException {
        Timestamps iso = new Timestamps(source.zone(), false);
        Map<String, SourceMapping.ConsentColumns> consentColumns = new java.util.TreeMap<>(source.consents());
        Instant now = clock.instant();
        forEachRow(source, rows, progress, (line, row) -> {
            Optional<String> id = field(source, row, "id");
            if (id.isEmpty()) {
                rows.reject(line, RejectReason.MISSING_CUSTOMER_ID, source.column("id").orElseThrow() + " is empty");
                return;
            }
            CustomerProfile.Builder profile = CustomerProfile.newBuilder(id.get());
            field(source, row, "name").flatMap(Names::normalize)
                    .map(n -> source.titleCaseNames() ? Names.titleCase(n) : n).ifPresent(profile::name);
            field(source, row, "email").ifPresent(e -> profile.emails(List.of(e)));
            field(source, row, "phone").ifPresent(p -> profile.phones(List.of(p)));
            field(source, row, "memberId").ifPresent(profile::memberId);
            field(source, row, "memberTier").ifPresent(profile::memberTier);
            field(source, row, "ageBand").ifPresent(profile::ageBand);
            String problem = null;
            Optional<String> year = field(source, row, "birthYear");
            if (year.isPresent()) {
                Optional<Long> y = OrderImporter.whole(year.get());
                if (y.isEmpty() || y.get() < 1880 || y.get() > 2100) {
                    problem = "birthYear " + OrderImporter.quote(year.get()) + ", expected a year 1880..2100";
                } else {
                    profile.birthYear(y.get().intValue());
                }
            }
            Optional<String> gender = field(source, row, "gender");
            if (gender.isPresent() && problem == null) {
                Optional<Gender> g = gender(gender.get());
                if (g.isEmpty()) {
                    problem = "gender " + OrderImporter.quote(gender.get()) + ", expected female, male, other or unspecified";
                } else {
                    profile.gender(g.get());
                }
            }
            Optional<String> zone = field(source, row, "timeZone");
            if (zone.isPresent() && problem == null) {
                try {
                    profile.timeZone(ZoneId.of(zone.get()));
                } catch (DateTimeException e) {
                    problem = "timeZone " + OrderImporter.quote(zone.get()) + ", expected an id such as Europe/London";
                }
            }
            field(source, row, "locale").ifPresent(l -> profile.locale(Locale.forLanguageTag(l.replace('_', '-'))));
            Instant observed = now;
            Optional<String> observedText = field(source, row, "observedAt");
            if (observedText.isPresent() && problem == null) {
                Optional<Instant> at = instant(source, iso, observedText.get());
                if (at.isEmpty()) {
                    problem = "observedAt " + OrderImporter.quote(observedText.get());
                } else {
                    observed = at.get();
                }
            }
            if (problem != null) {
                rows.reject(line, RejectReason.INVALID_VALUE, problem);
                return;
            }
            // A country or consent no one can read drops that field, not the person: the row is kept and the
            // field reported, so contacts and purchases still count.
            Optional<String> country = field(source, row, "country");
            if (country.isPresent()) {
                Optional<String> code = Countries.toAlpha2(country.get());
                if (code.isPresent()) {
                    profile.country(code.get());
                } else {
                    rows.rejectField(line, "country", "country " + OrderImporter.quote(country.get())
                            + ": not an ISO 3166 code or a country name; the row is kept without it");
                }
            }
            List<Consent> consents = new ArrayList<>();
            for (Map.Entry<String, SourceMapping.ConsentColumns> c : consentColumns.entrySet()) {
                Optional<String> status = row.get(c.getValue().status());
                if (status.isEmpty()) {
                    continue;
                }
                String fieldName = "consents." + c.getKey();
                Optional<Boolean> granted = consentStatus(status.get());
                if (granted.isEmpty()) {
                    rows.rejectField(line, fieldName, fieldName + " " + OrderImporter.quote(status.get())
                            + ": expected yes/no, true/false, 1/0, granted/withdrawn or opt-in/opt-out");
                    continue;
                }
                Instant at = observed;
                Optional<String> atText = c.getValue().at().flatMap(row::get);
                if (atText.isPresent()) {
                    Optional<Instant> parsed = instant(source, iso, atText.get());
                    if (parsed.isEmpty()) {
                        rows.rejectField(line, fieldName, fieldName + " time " + OrderImporter.quote(atText.get())
                                + source.dateFormat().map(f -> ", expected " + f).orElse(", expected ISO-8601"));
                        continue;
                    }
                    at = parsed.get();
                }
                consents.add(new Consent(Channel.of(c.getKey()), granted.get(), at, source.name(), id.get()));
            }
            List<String> links = field(source, row, "linkedId").map(List::of).orElse(List.of());
            out.add(new ProfileRecord(source.name(), observed, profile.build(), links, consents));
            rows.accept(null);
        });
    }

    private static Optional<Boolean> consentStatus(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true", "1", "granted", "grant", "opt-in", "optin", "opted-in", "opted in", "subscribed",
                    "on", "是", "同意" -> Optional.of(true);
            case "no", "n", "false", "0", "withdrawn", "withdraw", "revoked", "refused", "opt-out", "optout",
                    "opted-out", "opted out", "unsubscribed", "off", "否", "拒绝", "退订" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static Optional<Gender> gender(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "f", "female", "woman", "女" -> Optional.of(Gender.FEMALE);
            case "m", "male", "man", "男" -> Optional.of(Gender.MALE);
            case "other", "x", "diverse" -> Optional.of(Gender.OTHER);
            case "unspecified", "unknown", "u", "prefer not to say" -> Optional.of(Gender.UNSPECIFIED);
            default -> Optional.empty();
        };
    }

    // ------------------------------------------------------------------ products

    /** A catalogue entry: its category, and where it was first stated (for the rejection of a contradiction). */
    private record Catalogued(Optional<String> category, String source, long line) {
    }

    private static void readProducts(SourceMapping source, Rows rows, Progress progress,
                                     Map<String, Catalogued> catalogue) throws IOException {
        forEachRow(source, rows, progress, (line, row) -> {
            Optional<String> sku = field(source, row, "sku");
            if (sku.isEmpty()) {
                rows.reject(line, RejectReason.INVALID_VALUE, source.column("sku").orElseThrow() + " is empty");
                return;
            }
            Optional<String> category = field(source, row, "category");
            Catalogued first = catalogue.putIfAbsent(sku.get(), new Catalogued(category, source.name(), line));
            if (first == null) {
                rows.product(false);
            } else if (first.category().equals(category)) {
                rows.product(true);
            } else {
                rows.reject(line, RejectReason.INVALID_VALUE, "sku " + OrderImporter.quote(sku.get()) + " in category "
                        + OrderImporter.quote(category.orElse("")) + ", but " + first.source() + " line " + first.line()
                        + " lists it in " + OrderImporter.quote(first.category().orElse("")));
            }
        });
    }

    // ------------------------------------------------------------------ orders

    private void readOrders(SourceMapping source, Rows rows, Progress progress, Map<String, String> people,
                            Map<String, Catalogued> catalogue,
                            Map<String, String> firstSourceOfOrder, Map<String, String> firstSourceOfRefund)
            throws IOException {
        Currency[] fixed = {source.currency().map(Money::currency).orElse(null)};
        forEachStampedRow(source, rows, progress, (line, row, customer, at) -> {
            Optional<String> orderId = field(source, row, "orderId");
            Optional<Long> quantity = field(source, row, "quantity").map(OrderImporter::whole).orElse(Optional.of(1L));
            if (quantity.isEmpty()) {
                rows.reject(line, RejectReason.UNPARSABLE_QUANTITY, "quantity " + field(source, row, "quantity").orElseThrow());
                return;
            }
            Optional<BigDecimal> amount;
            Optional<String> amountText = field(source, row, "amount");
            if (amountText.isPresent()) {
                amount = amount(source, amountText.get());
            } else {
                Optional<String> priceText = field(source, row, "unitPrice");
                amount = priceText.flatMap(p -> amount(source, p)).map(p -> p.multiply(BigDecimal.valueOf(quantity.get())));
                amountText = priceText;
            }
            if (amount.isEmpty()) {
                rows.reject(line, RejectReason.UNPARSABLE_AMOUNT, "amount " + OrderImporter.quote(amountText.orElse(""))
                        + " with decimal separator '" + source.decimalSeparator() + "'");
                return;
            }
            Currency currency;
            Optional<String> code = field(source, row, "currency");
            try {
                currency = code.isPresent() ? Money.currency(code.get()) : fixed[0];
            } catch (IllegalArgumentException e) {
                rows.reject(line, RejectReason.UNKNOWN_CURRENCY, "currency " + OrderImporter.quote(code.get()));
                return;
            }
            String kindText = field(source, row, "kind").orElse("purchase").toLowerCase(Locale.ROOT);
            RefundKind refundKind;
            switch (kindText) {
                case "purchase", "order", "sale" -> refundKind = null;
                case "refund", "return" -> refundKind = RefundKind.RETURN;
                case "cancellation", "cancel" -> refundKind = RefundKind.CANCELLATION;
                default -> {
                    rows.reject(line, RejectReason.UNKNOWN_KIND, "kind " + OrderImporter.quote(kindText));
                    return;
                }
            }
            if (refundKind == null && orderId.isEmpty()) {
                rows.reject(line, RejectReason.MISSING_ORDER_ID, source.column("orderId").orElseThrow() + " is empty");
                return;
            }
            if (quantity.get() < 1) {
                rows.reject(line, RejectReason.NON_POSITIVE_QUANTITY, "quantity " + quantity.get());
                return;
            }
            if (amount.get().signum() < 0 || (refundKind != null && amount.get().signum() == 0)) {
                rows.reject(line, RejectReason.NON_POSITIVE_PRICE, "amount " + amount.get().toPlainString());
                return;
            }
            if (fixed[0] == null) {
                fixed[0] = currency;
                rows.currency = currency.getCurrencyCode();
            } else if (!fixed[0].equals(currency)) {
                rows.reject(line, RejectReason.CURRENCY_MISMATCH, "currency " + currency.getCurrencyCode()
                        + " in a source in " + fixed[0].getCurrencyCode());
                return;
            }
            rows.currency = fixed[0].getCurrencyCode();
            String recordKey = source.customersFrom().orElse(source.name()) + ":" + customer;
            // A customer no profile source knows is a person of their own, named by this source.
            String person = people.getOrDefault(recordKey, recordKey);
            Optional<String> sku = field(source, row, "sku");
            Optional<String> category = field(source, row, "category")
                    .or(() -> sku.map(catalogue::get).flatMap(Catalogued::category));
            OrderLine orderLine = OrderLine.ofTotal(sku.orElse("item"), category, quantity.get(),
                    new Money(amount.get(), currency));
            // Order ids are scoped to the source that numbers them, so one source's 1001 is not another's.
            Optional<String> scopedOrder = orderId.map(id -> source.orderNamespace() + ":" + id);
            if (refundKind == null) {
                String first = firstSourceOfOrder.putIfAbsent(person + '\u0000' + scopedOrder.get(), source.name());
                if (first != null && !first.equals(source.name())) {
                    rows.merged(false); // the same order, already counted from the source that numbers it
                    return;
                }
                rows.accept(new OrderEvent.PurchaseLine(line, person, scopedOrder.get(), at, source.name(), orderLine));
            } else {
                // Refund numbers are scoped like order numbers: a till that shares the web shop's order numbers
                // shares its refund numbers, so the same refund reported by both is subtracted once.
                Optional<String> givenRefund = field(source, row, "refundId");
                String refundId = givenRefund.map(r -> source.orderNamespace() + ":" + r)
                        .orElse(source.name() + ":refund-" + line);
                // Without a refund number, two sources report the same refund when every fact agrees.
                String sameRefund = givenRefund.isPresent() ? person + '\u0000' + refundId
                        : scopedOrder.map(o -> person + '\u0000' + o + '\u0000' + at + '\u0000'
                        + orderLine.sku() + '\u0000' + quantity.get() + '\u0000' + amount.get().stripTrailingZeros()
                        .toPlainString() + '\u0000' + refundKind).orElse(null);
                if (sameRefund != null) {
                    String first = firstSourceOfRefund.putIfAbsent(sameRefund, source.name());
                    if (first != null && !first.equals(source.name())) {
                        rows.merged(true); // the same refund, already subtracted from another source's report
                        return;
                    }
                }
                rows.accept(new OrderEvent.RefundLine(line, person, refundId, at, refundKind, scopedOrder,
                        source.name(), orderLine));
            }
        });
    }

    // ------------------------------------------------------------------ views

    private static String person(SourceMapping source, Map<String, String> people, String customer) {
        String recordKey = source.customersFrom().orElse(source.name()) + ":" + customer;
        // A customer no profile source knows is a person of their own, named by this source.
        return people.getOrDefault(recordKey, recordKey);
    }

    private void readViews(SourceMapping source, Rows rows, Progress progress, Map<String, String> people,
                           java.util.Set<String> seen,
                           Consumer<? super ProductView> views) throws IOException {
        forEachStampedRow(source, rows, progress, (line, row, customer, at) -> {
            Optional<String> sku = field(source, row, "sku");
            if (sku.isEmpty()) {
                rows.reject(line, RejectReason.INVALID_VALUE, source.column("sku").orElseThrow() + " is empty");
                return;
            }
            Duration dwell = Duration.ZERO;
            Optional<String> dwellText = field(source, row, "dwell");
            if (dwellText.isPresent()) {
                Optional<Duration> parsed = dwell(source, dwellText.get());
                if (parsed.isEmpty()) {
                    rows.reject(line, RejectReason.INVALID_VALUE, "dwell " + OrderImporter.quote(dwellText.get())
                            + ", expected seconds (at least 0, decimal separator '" + source.decimalSeparator()
                            + "') or an ISO-8601 duration such as PT45S");
                    return;
                }
                dwell = parsed.get();
            }
            String person = person(source, people, customer);
            if (!seen.add(person + '\u0000' + sku.get() + '\u0000' + at)) {
                rows.view(true); // the same view, reported again (by this source or another)
                return;
            }
            views.accept(new ProductView(person, sku.get(), at, dwell));
            rows.view(false);
        });
    }

    private static Optional<Duration> dwell(SourceMapping source, String text) {
        Duration dwell;
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                dwell = Duration.parse(text);
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        } else {
            Optional<BigDecimal> seconds = amount(source, text);
            if (seconds.isEmpty() || seconds.get().compareTo(BigDecimal.valueOf(366L * 24 * 3600)) > 0) {
                return Optional.empty();
            }
            BigDecimal nanos = seconds.get().movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP);
            dwell = Duration.ofNanos(nanos.longValueExact());
        }
        return dwell.isNegative() ? Optional.empty() : Optional.of(dwell);
    }

    // ------------------------------------------------------------------ interactions

    private void readInteractions(SourceMapping source, Rows rows, Progress progress, Map<String, String> people,
                                  Map<String, Interactions.Ticket> tickets) throws IOException {
        forEachStampedRow(source, rows, progress, (line, row, customer, at) -> {
            Optional<String> typeText = field(source, row, "type");
            Optional<ServiceInteraction.Type> type = typeText.flatMap(Interactions::type);
            if (type.isEmpty()) {
                rows.reject(line, RejectReason.UNKNOWN_KIND, "type " + OrderImporter.quote(typeText.orElse(""))
                        + ", expected inquiry, complaint or feedback");
                return;
            }
            Optional<String> statusText = field(source, row, "status");
            Optional<ServiceInteraction.Status> status = statusText.flatMap(Interactions::status);
            Optional<String> sentimentText = field(source, row, "sentiment");
            Optional<ServiceInteraction.Sentiment> sentiment = sentimentText.flatMap(Interactions::sentiment);
            String person = person(source, people, customer);
            Optional<String> ticket = field(source, row, "id");
            Optional<String> orderRef = field(source, row, "orderId").map(o -> source.orderNamespace() + ":" + o);
            Optional<String> channel = field(source, row, "channel").map(c -> c.toLowerCase(Locale.ROOT));
            Optional<String> category = field(source, row, "category");
            // With a ticket number, rows of one ticket are its updates; without, only a repeat of every fact is.
            String key = ticket.map(t -> "T" + source.name() + ':' + t).orElseGet(() -> "C" + person + '\u0000'
                    + type.get() + '\u0000' + at + '\u0000' + category.orElse("") + '\u0000' + orderRef.orElse(""));
            Interactions.Row update = new Interactions.Row(at, type.get(), status, channel, category, orderRef,
                    sentiment);
            Interactions.Ticket existing = tickets.get(key);
            if (existing != null && !existing.customerId().equals(person)) {
                // One ticket, two people: a data error, not an update; attaching it to either would be a guess.
                rows.reject(line, RejectReason.INVALID_VALUE, "ticket " + OrderImporter.quote(ticket.orElse(""))
                        + " belongs to " + existing.customerId() + " (line " + existing.line() + "), not " + person);
                return;
            }
            // Reported only for rows that are kept: a rejected row has one reason, not several.
            if (statusText.isPresent() && status.isEmpty()) {
                rows.rejectField(line, "status", "status " + OrderImporter.quote(statusText.get())
                        + ": expected open or closed (or pending, resolved…); the row is kept without it");
            }
            if (sentimentText.isPresent() && sentiment.isEmpty()) {
                rows.rejectField(line, "sentiment", "sentiment " + OrderImporter.quote(sentimentText.get())
                        + ": expected negative, neutral, positive or a score from -1 to 1; the row is kept without it");
            }
            if (existing != null) {
                existing.add(update);
                rows.interaction(true);
                return;
            }
            String id = source.name() + ":" + ticket.orElse("line-" + line);
            tickets.put(key, new Interactions.Ticket(id, person, source.name(), line, update));
            rows.interaction(false);
        });
    }
}
