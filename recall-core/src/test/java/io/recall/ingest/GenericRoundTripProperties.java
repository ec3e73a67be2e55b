package io.recall.ingest;

import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.Refund;
import io.recall.model.RefundKind;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmCalculator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Histories written with {@link GenericCsvWriter} and read back with {@link OrderImporter} give exactly
 * the metrics {@link RfmCalculator} computes from the histories themselves, and every import reconciles.
 */
class GenericRoundTripProperties {

    static final Currency GBP = Money.currency("GBP");
    static final Instant BASE = Instant.parse("2023-01-01T00:00:00Z");
    static final long DAY_MS = 86_400_000L;
    /** After every generated event: orders within 400 days of BASE, refunds at most 90 days after. */
    static final LocalDate AFTER_ALL = LocalDate.of(2024, 6, 30);
    /** Ids that need quoting, keep leading zeros or are not ASCII. */
    static final List<String> CUSTOMER_IDS = List.of("00017", "c,42", "o\"brien", "Zoë", "c5", "0");

    record LineSpec(long unitPence, int quantity, String sku, Optional<String> category) {
    }

    /** A refund of {@code percent} of its order (at least a penny), {@code delayMillis} after it. */
    record RefundSpec(long delayMillis, int percent, RefundKind kind, boolean linked, int lineCount) {
    }

    record OrderSpec(long offsetMillis, List<LineSpec> lines, List<RefundSpec> refunds) {
    }

    record Scenario(List<List<OrderSpec>> customers, FrequencyBasis frequencyBasis, MonetaryBasis monetaryBasis,
                    ZoneId zone) {

        RfmOptions rfmOptions() {
            return RfmOptions.of(GBP).withZone(zone).withFrequencyBasis(frequencyBasis).withMonetaryBasis(monetaryBasis);
        }

        List<CustomerHistory> histories() {
            List<CustomerHistory> histories = new ArrayList<>();
            for (int c = 0; c < customers.size(); c++) {
                String customer = CUSTOMER_IDS.get(c);
                List<Order> orders = new ArrayList<>();
                List<Refund> refunds = new ArrayList<>();
                for (int o = 0; o < customers.get(c).size(); o++) {
                    OrderSpec spec = customers.get(c).get(o);
                    String orderId = "order-" + c + "-" + o;
                    Instant placed = BASE.plusMillis(spec.offsetMillis());
                    List<OrderLine> lines = spec.lines().stream()
                            .map(l -> OrderLine.of(l.sku(), l.category(), l.quantity(), Money.ofMinor(l.unitPence(), GBP)))
                            .collect(Collectors.toList());
                    Order order = new Order(orderId, customer, placed, "web", lines);
                    orders.add(order);
                    long total = order.total().toMinorUnits(java.math.RoundingMode.UNNECESSARY);
                    for (int r = 0; r < spec.refunds().size() && total > 0; r++) {
                        RefundSpec refund = spec.refunds().get(r);
                        long pence = Math.max(1, total * refund.percent() / 100);
                        refunds.add(refund(customer, "refund-" + c + "-" + o + "-" + r, orderId, placed, pence, refund));
                    }
                }
                histories.add(CustomerHistory.of(customer, orders, refunds));
            }
            return histories;
        }

        private static Refund refund(String customer, String id, String orderId, Instant placed, long pence,
                                     RefundSpec spec) {
            Money amount = Money.ofMinor(pence, GBP);
            List<OrderLine> lines;
            if (spec.lineCount() == 0) {
                lines = List.of();
            } else if (spec.lineCount() == 1 || pence < 2) {
                lines = List.of(OrderLine.ofTotal("returned", Optional.empty(), 1, amount));
            } else {
                // Two lines that add up to the refund's amount.
                long first = pence / 2;
                lines = List.of(OrderLine.ofTotal("returned-a", Optional.empty(), 1, Money.ofMinor(first, GBP)),
                        OrderLine.ofTotal("returned-b", Optional.of("b"), 2, Money.ofMinor(pence - first, GBP)));
            }
            return new Refund(id, customer, placed.plusMillis(spec.delayMillis()), spec.kind(),
                    spec.linked() ? Optional.of(orderId) : Optional.empty(), "web", amount, lines);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<LineSpec> line = Combinators.combine(
                Arbitraries.longs().between(0, 50_000),
                Arbitraries.integers().between(1, 5),
                Arbitraries.of("SKU-1", "85123A", "a,b", "say \"cheese\"", "two\nlines", "Ωμέγα"),
                Arbitraries.of(Optional.<String>empty(), Optional.of("music"), Optional.of("toys, games")))
                .as(LineSpec::new);
        Arbitrary<RefundSpec> refund = Combinators.combine(
                weighted(1, Arbitraries.just(0L), 4, Arbitraries.longs().between(0, 90 * DAY_MS)),
                weighted(1, Arbitraries.just(100), 3, Arbitraries.integers().between(1, 150)),
                Arbitraries.of(RefundKind.class),
                weighted(4, Arbitraries.just(true), 1, Arbitraries.just(false)),
                Arbitraries.integers().between(0, 2))
                .as(RefundSpec::new);
        Arbitrary<List<RefundSpec>> someRefunds = weighted(
                3, Arbitraries.just(List.<RefundSpec>of()),
                1, refund.list().ofMinSize(1).ofMaxSize(2));
        Arbitrary<OrderSpec> order = Combinators.combine(
                Arbitraries.longs().between(0, 400 * DAY_MS),
                line.list().ofMinSize(1).ofMaxSize(3),
                someRefunds)
                .as(OrderSpec::new);
        return Combinators.combine(
                order.list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(CUSTOMER_IDS.size()),
                Arbitraries.of(FrequencyBasis.class),
                Arbitraries.of(MonetaryBasis.class),
                Arbitraries.of(ZoneId.of("UTC"), ZoneId.of("Europe/London"), ZoneId.of("America/Los_Angeles"),
                        ZoneId.of("Asia/Kolkata")))
                .as(Scenario::new);
    }

    /** {@code a} in {@code wa} cases out of {@code wa + wb}, else {@code b}. */
    private static <T> Arbitrary<T> weighted(int wa, Arbitrary<? extends T> a, int wb, Arbitrary<? extends T> b) {
        return Arbitraries.frequencyOf(Tuple.<Integer, Arbitrary<? extends T>>of(wa, a),
                Tuple.<Integer, Arbitrary<? extends T>>of(wb, b));
    }

    static byte[] write(List<CustomerHistory> histories, long[] rowsWritten) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
             GenericCsvWriter csv = GenericCsvWriter.to(writer)) {
            for (CustomerHistory history : histories) {
                csv.write(history);
            }
            rowsWritten[0] = csv.rows();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<RfmMetrics> viaImport(byte[] csv, RfmOptions options, LocalDate asOf) {
        RfmAggregator aggregator = RfmAggregator.create(options);
        Imported imported = Imported.read(csv, InputFormat.GENERIC, ImportOptions.defaults());
        imported.events().forEach(OrderImporter.toAggregator(aggregator));
        return aggregator.metrics(asOf);
    }

    static List<RfmMetrics> direct(List<CustomerHistory> histories, RfmOptions options, LocalDate asOf) {
        List<RfmMetrics> metrics = new ArrayList<>(RfmCalculator.of(options).computeAll(histories, asOf));
        metrics.sort(Comparator.comparing(RfmMetrics::customerId));
        return metrics;
    }

    @Property(tries = 100)
    void readingBackGivesTheMetricsOfTheOriginalHistories(@ForAll("scenarios") Scenario scenario) {
        List<CustomerHistory> histories = scenario.histories();
        byte[] csv = write(histories, new long[1]);
        assertEquals(direct(histories, scenario.rfmOptions(), AFTER_ALL),
                viaImport(csv, scenario.rfmOptions(), AFTER_ALL), () -> new String(csv, StandardCharsets.UTF_8));
    }

    @Property(tries = 50)
    void readingBackAgreesOnEarlierAsOfDatesToo(@ForAll("scenarios") Scenario scenario,
                                               @ForAll("daysIntoTheData") int days) {
        List<CustomerHistory> histories = scenario.histories();
        byte[] csv = write(histories, new long[1]);
        LocalDate asOf = LocalDate.of(2023, 1, 1).plusDays(days);
        assertEquals(direct(histories, scenario.rfmOptions(), asOf), viaImport(csv, scenario.rfmOptions(), asOf));
    }

    @Provide
    Arbitrary<Integer> daysIntoTheData() {
        return Arbitraries.integers().between(0, 500);
    }

    @Property(tries = 100)
    void everyWrittenRowIsReadAndAccepted(@ForAll("scenarios") Scenario scenario) {
        List<CustomerHistory> histories = scenario.histories();
        long[] rows = new long[1];
        byte[] csv = write(histories, rows);
        ImportReport report = Imported.read(csv, InputFormat.GENERIC, ImportOptions.defaults()).report();
        long orderLines = histories.stream().flatMap(h -> h.orders().stream()).mapToLong(o -> o.lines().size()).sum();
        long refundLines = histories.stream().flatMap(h -> h.refunds().stream())
                .mapToLong(r -> Math.max(1, r.lines().size())).sum();
        assertEquals(orderLines + refundLines, rows[0]);
        assertEquals(rows[0], report.rowsRead());
        assertEquals(rows[0], report.rowsAccepted(), report::toString);
        assertEquals(0, report.rowsRejected());
        assertEquals(0, report.rowsMerged());
        assertEquals(orderLines, report.purchaseLines());
        assertEquals(refundLines, report.refundLines());
        assertEquals(Optional.of("GBP"), report.currency());
    }

    // ------------------------------------------------------------------ any mixture of good and bad rows

    /** A row of the generic format built from cells that may each be good or bad. */
    @Provide
    Arbitrary<List<String>> mixedRows() {
        Arbitrary<String> customer = Arbitraries.of("c1", "c2", "00017", "", " ");
        Arbitrary<String> order = Arbitraries.of("o1", "o2", "o3", "");
        Arbitrary<String> at = Arbitraries.of("2024-03-01T10:00:00Z", "2024-03-02", "2024-02-28 09:00", "2024-05-01",
                "2024-03-01T10:00:00+02:00", "not a date", "2024-02-30");
        Arbitrary<String> amount = Arbitraries.of("12.50", "0.00", "-3.00", "1e2", "abc", "0.01");
        Arbitrary<String> currency = Arbitraries.of("GBP", "GBP", "GBP", "EUR", "XYZ", "");
        Arbitrary<String> kind = Arbitraries.of("purchase", "purchase", "refund", "cancellation", "", "swap");
        Arbitrary<String> quantity = Arbitraries.of("1", "3", "0", "-1", "1.5", "");
        Arbitrary<String> good = Combinators.combine(customer, order, at, amount, currency, kind, quantity)
                .as((a, b, c, d, e, f, g) -> String.join(",", a, b, c, d, e, f, g));
        Arbitrary<String> shortRow = Combinators.combine(customer, order).as((a, b) -> a + "," + b);
        Arbitrary<String> row = weighted(9, good, 1, shortRow);
        return row.list().ofMaxSize(30);
    }

    @Property(tries = 200)
    void everyRowOfAnyMixtureIsAccountedForOnce(@ForAll("mixedRows") List<String> rows) {
        String csv = "customer_id,order_id,ordered_at,amount,currency,kind,quantity\n"
                + rows.stream().map(r -> r + "\n").collect(Collectors.joining());
        Imported imported = Imported.read(csv, InputFormat.GENERIC, ImportOptions.defaults().withCutoff(
                LocalDate.of(2024, 3, 31)));
        ImportReport report = imported.report();
        // Rows that are all blank are skipped as empty lines, not read.
        long nonBlank = rows.stream().filter(r -> !r.isEmpty()).count();
        assertEquals(nonBlank, report.rowsRead(), report::toString);
        assertEquals(report.rowsRead(), report.rowsAccepted() + report.rowsMerged() + report.rowsRejected());
        assertEquals(0, report.rowsMerged());
        assertTrue(report.samples().size() <= report.rowsRejected());
        if (report.rowsRejected() <= 5) {
            // Every row once, either handed on or rejected: consecutive lines when no row is blank.
            Set<Long> lines = new TreeSet<>();
            imported.events().forEach(e -> assertTrue(lines.add(e.line()), "line " + e.line() + " twice"));
            report.samples().forEach(r -> assertTrue(lines.add(r.line()), "line " + r.line() + " twice"));
            assertEquals(report.rowsRead(), lines.size());
            if (nonBlank == rows.size() && !lines.isEmpty()) {
                long first = lines.iterator().next();
                assertEquals(LongStream.range(first, first + lines.size()).boxed().collect(Collectors.toSet()), lines);
            }
        }
    }
}
