package io.recall.ingest;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.recall.model.CustomerHistory;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.Refund;
import io.recall.model.RefundKind;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes histories in the {@link InputFormat#GENERIC} CSV format, one row per order or refund line, so
 * that reading the file back gives the same metrics. Instants are written in UTC (ISO-8601). Not
 * thread-safe; close it to flush.
 */
public final class GenericCsvWriter implements Closeable {

    /** The columns written, in order. */
    public static final List<String> COLUMNS = List.of("customer_id", "order_id", "ordered_at", "amount", "currency",
            "kind", "sku", "category", "quantity", "refund_id");

    private static final CsvMapper MAPPER = new CsvMapper();

    private final SequenceWriter out;
    private long rows;

    private GenericCsvWriter(Writer writer) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        this.out = MAPPER.writer(schema.build()).writeValues(Objects.requireNonNull(writer, "writer"));
    }

    /** A writer that writes the header at once. */
    public static GenericCsvWriter to(Writer writer) throws IOException {
        return new GenericCsvWriter(writer);
    }

    /** Writes every order line and refund line of a history. */
    public void write(CustomerHistory history) throws IOException {
        for (Order order : history.orders()) {
            for (OrderLine line : order.lines()) {
                row(order.customerId(), order.id(), order.placedAt().toString(), line, "purchase", "");
            }
        }
        for (Refund refund : history.refunds()) {
            // A refund row names the refunded order (empty when unlinked) and its own id.
            String orderId = refund.orderId().orElse("");
            String kind = refund.kind() == RefundKind.CANCELLATION ? "cancellation" : "refund";
            List<OrderLine> lines = refund.lines().isEmpty()
                    ? List.of(OrderLine.ofTotal("refund", java.util.Optional.empty(), 1, refund.amount()))
                    : refund.lines();
            for (OrderLine line : lines) {
                row(refund.customerId(), orderId, refund.at().toString(), line, kind, refund.id());
            }
        }
    }

    /** Writes one imported line as it streams by, e.g. the re-keyed output of a {@link MultiSourceImport}. */
    public void write(OrderEvent event) throws IOException {
        if (event instanceof OrderEvent.PurchaseLine p) {
            row(p.customerId(), p.orderId(), p.at().toString(), p.orderLine(), "purchase", "");
        } else if (event instanceof OrderEvent.RefundLine r) {
            row(r.customerId(), r.orderId().orElse(""), r.at().toString(), r.orderLine(),
                    r.kind() == RefundKind.CANCELLATION ? "cancellation" : "refund", r.refundId());
        }
    }

    private void row(String customer, String orderId, String at, OrderLine line, String kind, String refundId)
            throws IOException {
        out.write(Arrays.asList(customer, orderId, at, line.amount().amount().toPlainString(),
                line.amount().currency().getCurrencyCode(), kind, line.sku(), line.category().orElse(""),
                String.valueOf(line.quantity()), refundId));
        rows++;
    }

    /** Data rows written so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
