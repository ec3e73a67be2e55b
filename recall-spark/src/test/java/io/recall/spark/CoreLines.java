package io.recall.spark;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderEvent;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * A real file read once with the core's importer: its accepted lines feed the single-JVM core directly
 * and, turned into rows of the generic columns, Spark. Both sides see exactly the same lines.
 */
record CoreLines(List<OrderEvent> events) {

    static final StructType SCHEMA = new StructType()
            .add("customer_id", DataTypes.StringType)
            .add("order_id", DataTypes.StringType)
            .add("ordered_at", DataTypes.TimestampType)
            .add("amount", DataTypes.createDecimalType(38, 10))
            .add("currency", DataTypes.StringType)
            .add("kind", DataTypes.StringType)
            .add("refund_id", DataTypes.StringType);

    private static final java.util.Map<Path, CoreLines> READ = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<CoreLines, Dataset<Row>> ROWS = new java.util.IdentityHashMap<>();

    /** The file's lines, read once per test JVM (several test classes compare on the same files). */
    static CoreLines read(Path file, InputFormat format) {
        return READ.computeIfAbsent(file, f -> readNow(f, format));
    }

    private static CoreLines readNow(Path file, InputFormat format) {
        List<OrderEvent> events = new ArrayList<>();
        try {
            OrderImporter.read(file, format, ImportOptions.defaults(), events::add, ProgressListener.NONE);
            return new CoreLines(List.copyOf(events));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every order line and refund of generated customers, as the importer would hand them on. */
    static CoreLines of(List<io.recall.model.Customer> customers) {
        List<OrderEvent> events = new ArrayList<>();
        long line = 2;
        for (io.recall.model.Customer c : customers) {
            for (io.recall.model.Order o : c.history().orders()) {
                for (io.recall.model.OrderLine l : o.lines()) {
                    events.add(new OrderEvent.PurchaseLine(line++, o.customerId(), o.id(), o.placedAt(), o.source(), l));
                }
            }
            for (io.recall.model.Refund r : c.history().refunds()) {
                events.add(new OrderEvent.RefundLine(line++, r.customerId(), r.id(), r.at(), r.kind(), r.orderId(),
                        r.source(), io.recall.model.OrderLine.ofTotal("refund", java.util.Optional.empty(), 1, r.amount())));
            }
        }
        return new CoreLines(List.copyOf(events));
    }

    /**
     * The lines as rows: purchases with their order; refunds with the refunded order (or null) and their
     * id. Built and cached once per instance: every later query reads Spark's in-memory copy instead of
     * re-planning hundreds of thousands of driver-side rows.
     */
    Dataset<Row> toDataset(SparkSession spark) {
        synchronized (ROWS) {
            Dataset<Row> rows = ROWS.get(this);
            if (rows == null) {
                rows = build(spark).cache();
                rows.count();
                ROWS.put(this, rows);
            }
            return rows;
        }
    }

    private Dataset<Row> build(SparkSession spark) {
        List<Row> rows = new ArrayList<>(events.size());
        for (OrderEvent e : events) {
            Timestamp at = Timestamp.from(e.at());
            String currency = e.orderLine().amount().currency().getCurrencyCode();
            if (e instanceof OrderEvent.PurchaseLine p) {
                rows.add(RowFactory.create(p.customerId(), p.orderId(), at, p.orderLine().amount().amount(), currency,
                        "purchase", null));
            } else {
                OrderEvent.RefundLine r = (OrderEvent.RefundLine) e;
                rows.add(RowFactory.create(r.customerId(), r.orderId().orElse(null), at, r.orderLine().amount().amount(),
                        currency, r.kind().name().toLowerCase(java.util.Locale.ROOT).equals("cancellation")
                                ? "cancellation" : "refund", r.refundId()));
            }
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
