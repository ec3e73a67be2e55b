package io.recall.spark;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.ImportReport;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.ingest.RejectReason;
import io.recall.model.Money;
import io.recall.rfm.RfmOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad lines are counted rejections with the core's reasons, never a failed job; a bad mapping fails at
 * once, naming the column.
 */
class BadInputTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** Generic CSV rows (header first): every value a string, as both the core and Spark read them. */
    static final String[][] ROWS = {
            {"customer_id", "order_id", "ordered_at", "amount", "currency", "kind"},
            {"c1", "o1", "2024-03-01 10:00", "12.50", "GBP", "purchase"},
            {"c1", "o1", "2024-03-01 10:00", "3.10", "GBP", "purchase"},
            {"c1", "o2", "2024-03-05 09:00", "20.00", "GBP", ""},
            {"c1", "o2", "2024-03-06 09:00", "5.00", "GBP", "refund"},
            {"c2", "o3", "2024-03-02 12:00", "40.00", "GBP", "purchase"},
            {"c2", "", "2024-03-09 12:00", "2.00", "GBP", "cancellation"},
            {"c2", "o3", "2024-03-01 12:00", "1.00", "GBP", "refund"},
            {"c3", "o4", "2024-03-02 12:00", "40.00", "EUR", "purchase"},
            {"", "o5", "2024-03-02 12:00", "40.00", "GBP", "purchase"},
            {null, "o5", "2024-03-02 12:00", "40.00", "GBP", "purchase"},
            {"c4", "o6", "2024-03-02 12:00", "-4.00", "GBP", "purchase"},
            {"c4", "o6", "2024-03-02 12:00", "abc", "GBP", "purchase"},
            {"c4", "o6", "2024-03-02 12:00", null, "GBP", "purchase"},
            {"c4", "o6", "yesterday", "4.00", "GBP", "purchase"},
            {"c4", "o6", "2024-03-02 12:00", "4.00", "XYZ", "purchase"},
            {"c4", "", "2024-03-02 12:00", "4.00", "GBP", "purchase"},
            {"c4", "o6", "2024-03-02 12:00", "4.00", "GBP", "gift"},
            {"c4", "o7", "2024-03-02 12:00", "0", "GBP", "refund"},
            {"c4", "o7", "2024-03-02 12:00", "0", "GBP", "purchase"},
    };

    static final StructType STRINGS = new StructType()
            .add("customer_id", DataTypes.StringType).add("order_id", DataTypes.StringType)
            .add("ordered_at", DataTypes.StringType).add("amount", DataTypes.StringType)
            .add("currency", DataTypes.StringType).add("kind", DataTypes.StringType);

    static Dataset<Row> dataset(String[][] rows) {
        List<Row> list = new ArrayList<>();
        for (int i = 1; i < rows.length; i++) {
            list.add(RowFactory.create((Object[]) rows[i]));
        }
        return TestSpark.session().createDataFrame(list, STRINGS);
    }

    static OrderLines lines(Dataset<Row> data) {
        return OrderLines.of(data, OrderColumns.defaults().withoutRefundId(), Money.currency("GBP"), LONDON);
    }

    @Nested
    class BadLines {

        /** The same rows through the core's generic import (GBP expected) and through Spark. */
        @Test
        void areRejectedWithTheCoresReasonsAndCounts() throws IOException {
            StringBuilder csv = new StringBuilder();
            for (String[] row : ROWS) {
                csv.append(java.util.Arrays.stream(row).map(v -> v == null ? "" : v).collect(Collectors.joining(",")))
                        .append('\n');
            }
            ImportReport core = OrderImporter.read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                    -1, InputFormat.GENERIC, ImportOptions.defaults().withZone(LONDON).withCurrency("GBP"), e -> { },
                    ProgressListener.NONE);
            OrderLines spark = lines(dataset(ROWS));
            Map<RejectReason, Long> rejected = spark.rejectedByReason();
            assertEquals(core.rejectedByReason(), rejected);
            assertEquals(core.rowsAccepted(), spark.accepted().count());
            // Every reason the brief names shows up, so the comparison above is not vacuous.
            for (RejectReason reason : List.of(RejectReason.MISSING_CUSTOMER_ID, RejectReason.CURRENCY_MISMATCH,
                    RejectReason.NON_POSITIVE_PRICE, RejectReason.UNPARSABLE_AMOUNT, RejectReason.UNPARSABLE_DATE,
                    RejectReason.UNKNOWN_CURRENCY, RejectReason.MISSING_ORDER_ID, RejectReason.UNKNOWN_KIND,
                    RejectReason.REFUND_BEFORE_ORDER)) {
                assertTrue(rejected.containsKey(reason), reason + " in " + rejected);
            }
        }

        @Test
        void keepTheirInputValuesWithReasonAndDetail() {
            List<Row> rejected = lines(dataset(ROWS)).rejected()
                    .filter("reject_reason = 'currency-mismatch'").collectAsList();
            assertEquals(1, rejected.size());
            Row row = rejected.get(0);
            assertEquals("c3", row.getAs("customer_id"));
            assertEquals("EUR", row.getAs("currency"));
            assertEquals("currency EUR in an import in GBP", row.getAs("reject_detail"));
        }

        @Test
        void leaveTheGoodLinesToTheMetrics() {
            Dataset<Row> metrics = SparkRfm.of(RfmOptions.of(Money.currency("GBP")).withZone(LONDON),
                    LocalDate.of(2024, 3, 31)).metrics(lines(dataset(ROWS)));
            Map<String, Long> monetary = metrics.collectAsList().stream().collect(Collectors.toMap(
                    r -> r.getAs(SparkRfm.CUSTOMER_ID), r -> r.<Long>getAs(SparkRfm.MONETARY_MINOR)));
            // c1: 12.50 + 3.10 + 20.00 - 5.00; c2: 40.00 - 2.00 (the refund dated before its order is rejected);
            // c4: a zero-value purchase is a purchase.
            assertEquals(Map.of("c1", 30_60L, "c2", 38_00L, "c4", 0L), monetary);
        }
    }

    @Nested
    class BadMappings {

        @Test
        void aMissingColumnIsNamedBeforeAnyJobRuns() {
            Dataset<Row> data = dataset(ROWS).drop("currency");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lines(data));
            assertTrue(e.getMessage().contains("no column \"currency\" (mapped as currency)"), e.getMessage());
        }

        @Test
        void aRenamedColumnCanBeMapped() {
            Dataset<Row> data = dataset(ROWS).withColumnRenamed("customer_id", "member");
            assertThrows(IllegalArgumentException.class, () -> lines(data));
            OrderColumns mapped = new OrderColumns("member", "order_id", "ordered_at", "amount", "currency",
                    java.util.Optional.of("kind"), java.util.Optional.empty());
            assertEquals(7, OrderLines.of(data, mapped, Money.currency("GBP"), LONDON).accepted().count());
        }

        @Test
        void aColumnOfTheWrongTypeIsNamed() {
            Dataset<Row> data = dataset(ROWS).withColumn("amount", org.apache.spark.sql.functions.lit(true));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lines(data));
            assertTrue(e.getMessage().startsWith("column \"amount\" (mapped as amount) is of type boolean"),
                    e.getMessage());
        }

        @Test
        void aConverterIsRefused() {
            RfmOptions converting = RfmOptions.of(Money.currency("GBP")).withConverter((amount, target, at) -> amount);
            assertThrows(IllegalArgumentException.class, () -> SparkRfm.of(converting, LocalDate.of(2024, 3, 31)));
        }
    }
}
