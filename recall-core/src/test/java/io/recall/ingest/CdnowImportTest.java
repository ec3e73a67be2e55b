package io.recall.ingest;

import io.recall.model.Money;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real CDNOW master file ({@code ../shared/data/cdnow/CDNOW_master.txt}), read as it is: every
 * transaction accepted, the 23,570-customer cohort reproduced, and metrics that match an independent
 * reading of the raw lines.
 */
class CdnowImportTest {

    static final LocalDate AS_OF = LocalDate.of(1998, 7, 1);
    static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    static Path file;
    static ImportReport report;
    static List<OrderEvent> events = new ArrayList<>();
    static RfmAggregator aggregator;
    static RfmAggregator byDistinctDays;
    static List<RfmMetrics> metrics;
    static Map<String, List<RawRow>> rawByCustomer;

    /** One data line of the file as read here, without the importer: id, day, CDs, dollars. */
    record RawRow(String customerId, LocalDate day, long cds, BigDecimal dollars) {
    }

    @BeforeAll
    static void importOnce() throws IOException {
        file = SharedData.cdnowMaster();
        RfmOptions usd = RfmOptions.of(Money.currency("USD"));
        aggregator = RfmAggregator.create(usd);
        byDistinctDays = RfmAggregator.create(usd.withFrequencyBasis(FrequencyBasis.DISTINCT_DAYS));
        var toAggregator = OrderImporter.toAggregator(aggregator);
        var toByDays = OrderImporter.toAggregator(byDistinctDays);
        report = OrderImporter.read(file, InputFormat.CDNOW, ImportOptions.defaults(), event -> {
            events.add(event);
            toAggregator.accept(event);
            toByDays.accept(event);
        }, ProgressListener.NONE);
        metrics = aggregator.metrics(AS_OF);
        rawByCustomer = readRawLines(file);
    }

    /** Reads the file with nothing but the JDK: skip the header, split on whitespace. */
    static Map<String, List<RawRow>> readRawLines(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
        Map<String, List<RawRow>> byCustomer = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split(" +");
            RawRow row = new RawRow(f[0], LocalDate.parse(f[1], YYYYMMDD), Long.parseLong(f[2]), new BigDecimal(f[3]));
            byCustomer.computeIfAbsent(row.customerId(), id -> new ArrayList<>()).add(row);
        }
        return byCustomer;
    }

    /** RFM computed by hand from raw rows: each row one purchase, amounts summed, days in UTC. */
    static RfmMetrics byHand(String customerId, List<RawRow> rows) {
        LocalDate first = rows.stream().map(RawRow::day).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = rows.stream().map(RawRow::day).max(LocalDate::compareTo).orElseThrow();
        BigDecimal total = rows.stream().map(RawRow::dollars).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new RfmMetrics(customerId, (int) ChronoUnit.DAYS.between(last, AS_OF), rows.size(),
                Money.of(total, Money.currency("USD")), (int) ChronoUnit.DAYS.between(first, AS_OF));
    }

    @Nested
    class EveryRowIsAccountedFor {

        @Test
        void readsAll69659Transactions() {
            assertEquals(69_659, report.rowsRead());
        }

        @Test
        void acceptsEveryRowAndRejectsNone() {
            assertAll(
                    () -> assertEquals(69_659, report.rowsAccepted()),
                    () -> assertEquals(0, report.rowsRejected()),
                    () -> assertEquals(0, report.rowsMerged()),
                    () -> assertTrue(report.rejectedByReason().isEmpty(), report.rejectedByReason()::toString),
                    () -> assertTrue(report.samples().isEmpty(), report.samples()::toString));
        }

        @Test
        void countsReconcile() {
            assertEquals(report.rowsRead(), report.rowsAccepted() + report.rowsMerged() + report.rowsRejected());
            assertEquals(report.rowsAccepted() + report.rowsMerged(), report.purchaseLines() + report.refundLines());
            assertEquals(69_659, report.purchaseLines());
            assertEquals(0, report.refundLines());
            assertEquals(report.rowsAccepted(), events.size());
        }

        @Test
        void everyEventIsAPurchaseInDollars() {
            assertTrue(events.stream().allMatch(e -> e instanceof OrderEvent.PurchaseLine));
            assertTrue(events.stream().allMatch(e -> e.orderLine().amount().currency().getCurrencyCode().equals("USD")));
            assertEquals("USD", report.currency().orElseThrow());
            assertEquals(InputFormat.CDNOW, report.format());
        }

        @Test
        void findsThe23570CustomersOfTheCohort() {
            Set<String> customers = events.stream().map(OrderEvent::customerId).collect(Collectors.toSet());
            assertEquals(23_570, customers.size());
            assertEquals(23_570, aggregator.customersSeen());
        }

        @Test
        void everyTransactionIsItsOwnOrder() {
            Set<String> orderIds = new HashSet<>();
            for (OrderEvent e : events) {
                orderIds.add(((OrderEvent.PurchaseLine) e).orderId());
            }
            assertEquals(69_659, orderIds.size(), "the 255 exact duplicate rows are separate transactions too");
        }

        @Test
        void eventsSpanTheCohortPeriod() {
            Instant first = events.stream().map(OrderEvent::at).min(Instant::compareTo).orElseThrow();
            Instant last = events.stream().map(OrderEvent::at).max(Instant::compareTo).orElseThrow();
            assertEquals(Instant.parse("1997-01-01T00:00:00Z"), first);
            assertEquals(Instant.parse("1998-06-30T00:00:00Z"), last);
        }
    }

    @Nested
    class HeaderAndLineEndings {

        @Test
        void headerLineIsNotARow() throws IOException {
            long physicalLines = Files.readAllLines(file, StandardCharsets.US_ASCII).size();
            assertEquals(physicalLines - 1, report.rowsRead());
            assertTrue(events.stream().noneMatch(e -> e.customerId().contains("customer")));
            OrderEvent first = events.get(0);
            assertEquals(2, first.line(), "the header is line 1, the first transaction line 2");
            assertEquals("00001", first.customerId());
        }

        @Test
        void lastEventComesFromTheLastLine() {
            OrderEvent last = events.get(events.size() - 1);
            assertEquals(69_660, last.line());
            assertEquals("23570", last.customerId());
        }

        @Test
        void idsKeepTheirLeadingZerosAndNoCarriageReturn() {
            assertTrue(events.stream().allMatch(e -> e.customerId().matches("\\d{5}")),
                    "every id is five digits, zero-padded, with no \\r or spaces");
            Set<String> ids = events.stream().map(OrderEvent::customerId).collect(Collectors.toSet());
            assertTrue(ids.contains("00001"));
            assertTrue(ids.contains("00185"));
            assertFalse(ids.contains("1"));
        }

        @Test
        void lastColumnBeforeCrLfParsesAsAnExactAmount() {
            OrderEvent first = events.get(0);
            assertEquals(Money.of("11.77", "USD"), first.orderLine().amount());
            assertEquals(1, first.orderLine().quantity());
            assertEquals(Instant.parse("1997-01-01T00:00:00Z"), first.at());
        }

        @Test
        void crlfAndLfGiveTheSameEvents() {
            String lf = " customer_id  date number_of_cds  dollar_value\n"
                    + " 00001 19970101  1   11.77\n"
                    + " 00002 19970112  1   12.00\n"
                    + " 00002 19970112  5   77.00\n";
            Imported withLf = Imported.read(lf, InputFormat.CDNOW, ImportOptions.defaults());
            Imported withCrLf = Imported.read(lf.replace("\n", "\r\n"), InputFormat.CDNOW, ImportOptions.defaults());
            assertEquals(3, withCrLf.report().rowsAccepted());
            assertEquals(withLf.events(), withCrLf.events());
            assertEquals(withLf.report(), withCrLf.report());
            assertEquals("00002", withCrLf.events().get(2).customerId());
            assertEquals(Money.of("77.00", "USD"), withCrLf.events().get(2).orderLine().amount());
        }

        @Test
        void fileWithoutHeaderReadsTheSameRows() {
            String rows = " 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n";
            Imported headed = Imported.read(" customer_id  date number_of_cds  dollar_value\r\n" + rows,
                    InputFormat.CDNOW, ImportOptions.defaults());
            Imported bare = Imported.read(rows, InputFormat.CDNOW, ImportOptions.defaults());
            assertEquals(2, headed.report().rowsRead());
            assertEquals(2, bare.report().rowsRead());
            assertEquals(1, bare.events().get(0).line());
            assertEquals(2, headed.events().get(0).line());
        }

        @Test
        void badLinesAreRejectedWithTheirLineAndValue() {
            String text = " customer_id  date number_of_cds  dollar_value\r\n"
                    + " 00001 19970101  1   11.77\r\n"
                    + " 00002 1997011   1   12.00\r\n"
                    + " 00003 19970102  1\r\n"
                    + " 00004 19970102  0    5.00\r\n"
                    + " 00005 19970102  1   -5.00\r\n"
                    + " 00006 19970102  x    5.00\r\n"
                    + " 00007 19970102  1    5,00\r\n";
            Imported imported = Imported.read(text, InputFormat.CDNOW, ImportOptions.defaults());
            assertEquals(7, imported.report().rowsRead());
            assertEquals(1, imported.report().rowsAccepted());
            assertEquals(RejectReason.UNPARSABLE_DATE, imported.rejectionAt(3).reason());
            assertTrue(imported.rejectionAt(3).detail().contains("1997011"));
            assertEquals(RejectReason.MALFORMED_ROW, imported.rejectionAt(4).reason());
            assertEquals(RejectReason.NON_POSITIVE_QUANTITY, imported.rejectionAt(5).reason());
            assertEquals(RejectReason.NON_POSITIVE_PRICE, imported.rejectionAt(6).reason());
            assertTrue(imported.rejectionAt(6).detail().contains("-5.00"));
            assertEquals(RejectReason.UNPARSABLE_QUANTITY, imported.rejectionAt(7).reason());
            assertTrue(imported.rejectionAt(7).detail().contains("\"x\""));
            assertEquals(RejectReason.UNPARSABLE_AMOUNT, imported.rejectionAt(8).reason());
            assertTrue(imported.rejectionAt(8).detail().contains("5,00"));
        }

        /** " 0000" then 0xC3 0x28 (an invalid two-byte sequence) then the rest of line 3. */
        private byte[] invalidUtf8OnLine3() {
            byte[] head = (" customer_id  date number_of_cds  dollar_value\r\n"
                    + " 00001 19970101  1   11.77\r\n 0000").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = " 19970101  1   11.77\r\n 00002 19970101  1   11.77\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] bytes = new byte[head.length + 2 + tail.length];
            System.arraycopy(head, 0, bytes, 0, head.length);
            bytes[head.length] = (byte) 0xC3;
            bytes[head.length + 1] = (byte) 0x28;
            System.arraycopy(tail, 0, bytes, head.length + 2, tail.length);
            return bytes;
        }

        @Test
        void invalidUtf8StopsTheImportInsteadOfBeingReplaced() {
            byte[] bytes = invalidUtf8OnLine3();
            List<OrderEvent> seen = new ArrayList<>();
            ImportException e = assertThrows(ImportException.class, () -> OrderImporter.read(
                    new ByteArrayInputStream(bytes), bytes.length, InputFormat.CDNOW, ImportOptions.defaults(),
                    seen::add, ProgressListener.NONE));
            assertTrue(seen.stream().noneMatch(ev -> ev.customerId().contains("\uFFFD")), seen::toString);
            assertInstanceOf(CharacterCodingException.class, e.getCause());
            assertTrue(e.getMessage().startsWith("line " + e.line() + ": invalid UTF-8"), e::getMessage);
            assertTrue(e.line() >= 1);
        }

        @Test
        void invalidUtf8NamesTheLineThatHoldsIt() {
            byte[] bytes = invalidUtf8OnLine3();
            ImportException e = assertThrows(ImportException.class, () -> OrderImporter.read(
                    new ByteArrayInputStream(bytes), bytes.length, InputFormat.CDNOW, ImportOptions.defaults(),
                    event -> { }, ProgressListener.NONE));
            assertEquals(3, e.line(), e::getMessage);
        }
    }

    @Nested
    class Metrics {

        @Test
        void everyCustomerHasMetricsAsOfJuly1998() {
            assertEquals(23_570, metrics.size());
            assertTrue(metrics.stream().allMatch(m -> m.frequency() >= 1 && m.recencyDays() >= 1
                    && m.tenureDays() <= 546 && m.tenureDays() >= m.recencyDays()));
        }

        @Test
        void metricsAreSortedByCustomerId() {
            List<String> ids = metrics.stream().map(RfmMetrics::customerId).collect(Collectors.toList());
            List<String> sorted = new ArrayList<>(ids);
            sorted.sort(null);
            assertEquals(sorted, ids);
            assertEquals("00001", ids.get(0));
            assertEquals("23570", ids.get(ids.size() - 1));
        }

        @Test
        void customer00185MatchesTheRawLinesComputedByHand() {
            // 00185 has five rows, two of them on 1997-03-22.
            List<RawRow> rows = rawByCustomer.get("00185");
            assertEquals(5, rows.size());
            RfmMetrics expected = byHand("00185", rows);
            RfmMetrics actual = metrics.stream().filter(m -> m.customerId().equals("00185")).findFirst().orElseThrow();
            assertEquals(expected, actual);
            // The same numbers worked out on paper from the five lines, as a check on the check.
            assertAll(
                    () -> assertEquals(40, actual.recencyDays(), "1998-05-22 to 1998-07-01"),
                    () -> assertEquals(5, actual.frequency()),
                    () -> assertEquals(Money.of("115.19", "USD"), actual.monetary(), "26.07+14.79+6.99+39.36+27.98"),
                    () -> assertEquals(489, actual.tenureDays(), "1997-02-27 to 1998-07-01"));
        }

        @Test
        void customer00185HasFourDistinctPurchaseDays() {
            RfmMetrics days = byDistinctDays.metrics(AS_OF).stream()
                    .filter(m -> m.customerId().equals("00185")).findFirst().orElseThrow();
            assertEquals(4, days.frequency());
            assertEquals(Money.of("115.19", "USD"), days.monetary());
        }

        @Test
        void everyCustomerMatchesAnIndependentReadingOfTheFile() {
            assertEquals(23_570, rawByCustomer.size());
            Map<String, RfmMetrics> actual = metrics.stream()
                    .collect(Collectors.toMap(RfmMetrics::customerId, Function.identity()));
            List<String> differing = new ArrayList<>();
            rawByCustomer.forEach((id, rows) -> {
                if (!byHand(id, rows).equals(actual.get(id))) {
                    differing.add(id + ": expected " + byHand(id, rows) + " but was " + actual.get(id));
                }
            });
            assertTrue(differing.isEmpty(), () -> differing.size() + " customers differ, e.g. "
                    + differing.subList(0, Math.min(5, differing.size())));
        }

        @Test
        void totalSpendEqualsTheSumOfTheDollarColumn() {
            BigDecimal raw = rawByCustomer.values().stream().flatMap(List::stream).map(RawRow::dollars)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal imported = metrics.stream().map(m -> m.monetary().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, raw.compareTo(imported), () -> raw + " != " + imported);
        }
    }
}
