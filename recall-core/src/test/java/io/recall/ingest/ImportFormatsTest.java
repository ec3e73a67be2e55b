package io.recall.ingest;

import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.Refund;
import io.recall.model.RefundKind;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmCalculator;
import io.recall.rfm.RfmOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Date formats per input format, unlinked refunds, and float-written customer ids. */
class ImportFormatsTest {

    static final String OR_HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    static List<OrderEvent> events = new ArrayList<>();

    static ImportReport read(InputFormat format, String text) throws IOException {
        events.clear();
        return OrderImporter.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), -1, format,
                ImportOptions.defaults(), events::add, ProgressListener.NONE);
    }

    @Test
    void onlineRetailTakesTheUciUsDatesButNotATwelveHourClock() throws IOException {
        ImportReport report = read(InputFormat.ONLINE_RETAIL, OR_HEADER
                + "536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "536366,85123A,HEART,6,12/1/2010 8:26 PM,2.55,17850,United Kingdom\n");
        assertEquals(1, report.rowsAccepted());
        assertEquals(1, report.rejected(RejectReason.UNPARSABLE_DATE));
        assertEquals(Instant.parse("2010-12-01T08:26:00Z"), events.get(0).at());
    }

    @Test
    void genericRefusesSlashDatesWhoseDayAndMonthOrderIsUnknown() throws IOException {
        ImportReport report = read(InputFormat.GENERIC, "customer_id,order_id,ordered_at,amount,currency\n"
                + "c1,o1,01/12/2010,10.00,GBP\n");
        assertEquals(1, report.rejected(RejectReason.UNPARSABLE_DATE));
    }

    @Test
    void customerIdsWrittenAsFloatsAreTheSameCustomer() throws IOException {
        read(InputFormat.ONLINE_RETAIL, OR_HEADER
                + "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
                + "536366,85123A,HEART,6,2010-12-01 09:26:00,2.55,17850.0,United Kingdom\n"
                + "536367,85123A,HEART,6,2010-12-01 10:26:00,2.55,17850.00,United Kingdom\n");
        assertEquals(List.of("17850", "17850", "17850"), events.stream().map(OrderEvent::customerId).toList());
    }

    @Test
    void unlinkedRefundsAndRefundIdsSurviveTheGenericRoundTrip() throws IOException {
        // An unlinked refund whose id equals an order id must not be read back as a link to that order.
        Order o1 = new Order("1001", "c", Instant.parse("2011-01-01T10:00:00Z"), "web",
                List.of(OrderLine.of("A", Optional.empty(), 1, Money.of("20", "GBP"))));
        Order o2 = new Order("1002", "c", Instant.parse("2011-01-06T10:00:00Z"), "web",
                List.of(OrderLine.of("B", Optional.empty(), 1, Money.of("10", "GBP"))));
        Refund unlinked = new Refund("1002", "c", Instant.parse("2011-01-07T10:00:00Z"), RefundKind.RETURN,
                Optional.empty(), "web", Money.of("10", "GBP"), List.of());
        Refund twoLines = new Refund("r9", "c", Instant.parse("2011-01-08T10:00:00Z"), RefundKind.RETURN,
                Optional.of("1001"), "web", Money.of("20", "GBP"), List.of(
                OrderLine.of("A", Optional.empty(), 1, Money.of("12", "GBP")),
                OrderLine.of("A", Optional.empty(), 1, Money.of("8", "GBP"))));
        CustomerHistory history = CustomerHistory.of("c", List.of(o1, o2), List.of(unlinked, twoLines));
        StringWriter out = new StringWriter();
        try (GenericCsvWriter writer = GenericCsvWriter.to(out)) {
            writer.write(history);
        }
        RfmOptions options = RfmOptions.of(Money.currency("GBP"));
        RfmAggregator aggregator = RfmAggregator.create(options);
        ImportReport report = OrderImporter.read(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)),
                -1, InputFormat.GENERIC, ImportOptions.defaults(), OrderImporter.toAggregator(aggregator), ProgressListener.NONE);
        assertEquals(5, report.rowsAccepted(), out::toString);
        LocalDate asOf = LocalDate.of(2011, 1, 10);
        assertEquals(RfmCalculator.of(options).compute(history, asOf).map(List::of).orElse(List.of()),
                aggregator.metrics(asOf));
        // o1 fully refunded by r9 (two lines of one refund): only o2 stands; the unlinked refund nets to 0.
        assertEquals(1, aggregator.metrics(asOf).get(0).frequency());
        assertEquals(Money.of("0", "GBP"), aggregator.metrics(asOf).get(0).monetary());
    }
}
