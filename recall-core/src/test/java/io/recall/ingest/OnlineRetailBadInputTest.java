package io.recall.ingest;

import io.recall.model.Money;
import io.recall.model.RefundKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small synthetic UCI Online Retail files with the real header and the oddities the real file has:
 * cancellations, adjustments, free lines, short rows and repeated lines. Every row is accounted for.
 */
class OnlineRetailBadInputTest {

    static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
    static final String EXPECTED_HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    static final String GOOD = "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n";

    static Imported read(String csv) {
        return Imported.read(csv, InputFormat.ONLINE_RETAIL, ImportOptions.defaults());
    }

    static ImportException failsToRead(String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return assertThrows(ImportException.class, () -> OrderImporter.read(new ByteArrayInputStream(bytes),
                bytes.length, InputFormat.ONLINE_RETAIL, ImportOptions.defaults(), e -> { }, ProgressListener.NONE));
    }

    /** A good row, then the bad one: the good one is kept, the bad one rejected on the next line. */
    static RowRejection rejectsTheRowAfterAGoodOne(String badRow, RejectReason reason) {
        Imported imported = read(HEADER + GOOD + badRow + "\n");
        assertEquals(2, imported.report().rowsRead());
        assertEquals(1, imported.report().rowsAccepted());
        RowRejection rejection = imported.onlyRejection();
        assertEquals(reason, rejection.reason(), rejection::message);
        assertEquals(imported.events().get(0).line() + 1, rejection.line(), rejection::message);
        return rejection;
    }

    static void assertDetailNames(RowRejection rejection, String... values) {
        for (String value : values) {
            assertTrue(rejection.detail().contains(value), () -> "the detail should name " + value + ": "
                    + rejection.message());
        }
    }

    @Nested
    class GoodRows {

        @Test
        void saleBecomesAPurchaseLineInPoundsAtLondonTime() {
            Imported imported = read(HEADER + "536365,71053,WHITE METAL LANTERN,6,2011-06-01 12:00:00,3.39,17850.0,"
                    + "United Kingdom\n");
            OrderEvent.PurchaseLine line = (OrderEvent.PurchaseLine) imported.events().get(0);
            assertAll(
                    () -> assertEquals("17850", line.customerId(), "the float-formatted id is the integer"),
                    () -> assertEquals("536365", line.orderId()),
                    () -> assertEquals(Instant.parse("2011-06-01T11:00:00Z"), line.at(), "BST is UTC+1"),
                    () -> assertEquals(6, line.orderLine().quantity()),
                    () -> assertEquals(Money.of("3.39", "GBP"), line.orderLine().unitPrice()),
                    () -> assertEquals(Money.of("20.34", "GBP"), line.orderLine().amount()));
            assertEquals(Optional.of("GBP"), imported.report().currency());
        }

        @Test
        void cancellationWithNegativeQuantityBecomesARefundLine() {
            Imported imported = read(HEADER + "C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527,United Kingdom\n");
            OrderEvent.RefundLine refund = (OrderEvent.RefundLine) imported.events().get(0);
            assertEquals(RefundKind.CANCELLATION, refund.kind());
            assertEquals(Optional.empty(), refund.orderId(), "C invoices name no original order");
            assertEquals(1, refund.orderLine().quantity());
            assertEquals(Money.of("27.50", "GBP"), refund.orderLine().amount());
            assertEquals(1, imported.report().refundLines());
        }
    }

    @Nested
    class RejectedRows {

        @Test
        void cancellationWithPositiveQuantityIsRejected() {
            RowRejection rejection = rejectsTheRowAfterAGoodOne(
                    "C536379,D,Discount,3,2010-12-01 09:41:00,27.50,14527,United Kingdom",
                    RejectReason.CANCELLATION_NOT_NEGATIVE);
            assertDetailNames(rejection, "C536379", "Quantity 3");
        }

        @Test
        void adjustmentIsRejected() {
            RowRejection rejection = rejectsTheRowAfterAGoodOne(
                    "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,17850,United Kingdom",
                    RejectReason.ADJUSTMENT);
            assertDetailNames(rejection, "A563185");
        }

        @Test
        void adjustmentAsInTheRealFileHasNoCustomerAndIsRejectedForThatFirst() {
            // The real A rows have no CustomerID; identity is checked before meaning.
            RowRejection rejection = rejectsTheRowAfterAGoodOne(
                    "A563186,B,Adjust bad debt,1,2011-08-12 14:51:00,-11062.06,,United Kingdom",
                    RejectReason.MISSING_CUSTOMER_ID);
            assertDetailNames(rejection, "A563186");
        }

        @Test
        void zeroPriceIsRejected() {
            RowRejection rejection = rejectsTheRowAfterAGoodOne(
                    "537197,22841,ROUND CAKE TIN VINTAGE GREEN,1,2010-12-05 14:02:00,0.0,12647,Germany",
                    RejectReason.NON_POSITIVE_PRICE);
            assertDetailNames(rejection, "537197", "UnitPrice 0.0");
        }

        @Test
        void negativePriceIsRejected() {
            RowRejection rejection = rejectsTheRowAfterAGoodOne(
                    "537197,22841,ROUND CAKE TIN,1,2010-12-05 14:02:00,-1.50,12647,Germany",
                    RejectReason.NON_POSITIVE_PRICE);
            assertDetailNames(rejection, "-1.50");
        }

        @Test
        void rowWithSevenColumnsIsMalformed() {
            RowRejection rejection = rejectsTheRowAfterAGoodOne(
                    "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850",
                    RejectReason.MALFORMED_ROW);
            assertDetailNames(rejection, "expected 8", "found 7");
        }

        @Test
        void saleWithZeroQuantityIsRejected() {
            RowRejection rejection = rejectsTheRowAfterAGoodOne(
                    "536365,71053,WHITE METAL LANTERN,0,2010-12-01 08:26:00,3.39,17850,United Kingdom",
                    RejectReason.NON_POSITIVE_QUANTITY);
            assertDetailNames(rejection, "Quantity 0");
        }

        @Test
        void unparsableFieldsNameTheirValue() {
            assertDetailNames(rejectsTheRowAfterAGoodOne(
                    "536365,71053,LANTERN,six,2010-12-01 08:26:00,3.39,17850,United Kingdom",
                    RejectReason.UNPARSABLE_QUANTITY), "\"six\"");
            assertDetailNames(rejectsTheRowAfterAGoodOne(
                    "536365,71053,LANTERN,6,first of December,3.39,17850,United Kingdom",
                    RejectReason.UNPARSABLE_DATE), "\"first of December\"");
            assertDetailNames(rejectsTheRowAfterAGoodOne(
                    "536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39GBP,17850,United Kingdom",
                    RejectReason.UNPARSABLE_AMOUNT), "\"3.39GBP\"");
        }

        @Test
        void rowAfterTheCutoffIsRejected() {
            Imported imported = Imported.read(HEADER + GOOD
                            + "581587,22138,BAKING SET,3,2011-12-10 00:30:00,4.95,12680,France\n",
                    InputFormat.ONLINE_RETAIL, ImportOptions.defaults().withCutoff(LocalDate.of(2011, 12, 9)));
            RowRejection rejection = imported.onlyRejection();
            assertEquals(RejectReason.AFTER_CUTOFF, rejection.reason());
            assertDetailNames(rejection, "581587", "2011-12-10 00:30:00");
        }
    }

    @Nested
    class Duplicates {

        @Test
        void exactDuplicateLineInTheSameInvoiceIsMerged() {
            String line = "536409,21866,UNION JACK FLAG LUGGAGE TAG,1,2010-12-01 11:45:00,1.25,17908,United Kingdom\n";
            Imported imported = read(HEADER + GOOD + line + line);
            ImportReport report = imported.report();
            assertAll(
                    () -> assertEquals(3, report.rowsRead()),
                    () -> assertEquals(2, report.rowsAccepted()),
                    () -> assertEquals(1, report.rowsMerged()),
                    () -> assertEquals(0, report.rowsRejected()),
                    () -> assertEquals(3, report.purchaseLines(), "a merged row is still a purchase line"),
                    () -> assertEquals(2, imported.events().size(), "the repeat is not handed on again"));
        }

        @Test
        void duplicateCancellationLineIsMergedAsARefundLine() {
            String line = "C536548,22244,3 HOOK HANGER MAGIC GARDEN,-4,2010-12-01 14:33:00,1.95,12472,Germany\n";
            Imported imported = read(HEADER + line + line);
            assertEquals(1, imported.report().rowsMerged());
            assertEquals(2, imported.report().refundLines());
            assertEquals(0, imported.report().purchaseLines());
        }

        @Test
        void lineDifferingInQuantityIsNotADuplicate() {
            String line = "536409,21866,UNION JACK FLAG LUGGAGE TAG,1,2010-12-01 11:45:00,1.25,17908,United Kingdom\n";
            Imported imported = read(HEADER + line + line.replace(",1,2010", ",2,2010"));
            assertEquals(2, imported.report().rowsAccepted());
            assertEquals(0, imported.report().rowsMerged());
        }

        @Test
        void sameLineInAnotherInvoiceIsNotADuplicate() {
            String line = "536409,21866,UNION JACK FLAG LUGGAGE TAG,1,2010-12-01 11:45:00,1.25,17908,United Kingdom\n";
            Imported imported = read(HEADER + line + line.replace("536409", "536410"));
            assertEquals(2, imported.report().rowsAccepted());
            assertEquals(0, imported.report().rowsMerged());
        }
    }

    @Nested
    class NothingIsLost {

        @Test
        void everyRowOfAMixedFileIsAccountedFor() {
            String dup = "536409,21866,UNION JACK FLAG LUGGAGE TAG,1,2010-12-01 11:45:00,1.25,17908,United Kingdom\n";
            Imported imported = read(HEADER + GOOD
                    + "C536379,D,Discount,3,2010-12-01 09:41:00,27.50,14527,United Kingdom\n"
                    + "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,17850,United Kingdom\n"
                    + "537197,22841,ROUND CAKE TIN VINTAGE GREEN,1,2010-12-05 14:02:00,0.0,12647,Germany\n"
                    + "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850\n"
                    + dup + dup
                    + "536414,22139,,56,2010-12-01 11:52:00,0.0,,United Kingdom\n"
                    + "C536548,22244,3 HOOK HANGER MAGIC GARDEN,-4,2010-12-01 14:33:00,1.95,12472,Germany\n");
            ImportReport report = imported.report();
            assertEquals(9, report.rowsRead());
            assertEquals(3, report.rowsAccepted());
            assertEquals(1, report.rowsMerged());
            assertEquals(5, report.rowsRejected());
            assertEquals(1, report.rejected(RejectReason.CANCELLATION_NOT_NEGATIVE));
            assertEquals(1, report.rejected(RejectReason.ADJUSTMENT));
            assertEquals(1, report.rejected(RejectReason.NON_POSITIVE_PRICE));
            assertEquals(1, report.rejected(RejectReason.MALFORMED_ROW));
            assertEquals(1, report.rejected(RejectReason.MISSING_CUSTOMER_ID));
            assertEquals(3, report.purchaseLines());
            assertEquals(1, report.refundLines());
        }
    }

    @Nested
    class HeaderProblems {

        @Test
        void wrongHeaderNamesLine1AndTheExpectedHeader() {
            ImportException e = failsToRead("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
                    + GOOD);
            assertEquals(1, e.line());
            assertTrue(e.getMessage().startsWith("line 1: "), e::getMessage);
            assertTrue(e.getMessage().contains("expected the header " + EXPECTED_HEADER), e::getMessage);
            assertTrue(e.getMessage().contains("found Invoice,StockCode"), e::getMessage);
        }

        @Test
        void genericHeaderIsNotAnOnlineRetailHeader() {
            ImportException e = failsToRead("customer_id,order_id,ordered_at,amount,currency\n");
            assertEquals(1, e.line());
            assertTrue(e.getMessage().contains(EXPECTED_HEADER), e::getMessage);
        }

        @Test
        void headerWithAColumnMissingIsWrong() {
            ImportException e = failsToRead(HEADER.replace(",Country", ""));
            assertEquals(1, e.line());
            assertTrue(e.getMessage().contains(EXPECTED_HEADER), e::getMessage);
        }

        @Test
        void emptyInputNamesLine1AndTheExpectedHeader() {
            ImportException e = failsToRead("");
            assertEquals(1, e.line());
            assertTrue(e.getMessage().contains("empty input"), e::getMessage);
            assertTrue(e.getMessage().contains(EXPECTED_HEADER), e::getMessage);
        }

        @Test
        void byteOrderMarkBeforeTheHeaderIsIgnored() {
            assertEquals(1, read("\uFEFF" + HEADER + GOOD).report().rowsAccepted());
        }
    }

    @Nested
    class LineNumbers {

        @Test
        void firstDataRowIsLine2() {
            assertEquals(2, read(HEADER + GOOD).events().get(0).line());
        }

        @Test
        void rejectionNamesThePhysicalLine() {
            Imported imported = read(HEADER + GOOD + GOOD.replace(",17850,", ",,"));
            assertEquals(3, imported.onlyRejection().line());
            assertTrue(imported.onlyRejection().message().startsWith("line 3: missing-customer-id"));
        }
    }
}
