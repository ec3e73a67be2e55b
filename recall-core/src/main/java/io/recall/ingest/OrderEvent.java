package io.recall.ingest;

import io.recall.model.OrderLine;
import io.recall.model.RefundKind;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One accepted input row: a purchase line or a refund line, with the row it came from.
 */
public sealed interface OrderEvent permits OrderEvent.PurchaseLine, OrderEvent.RefundLine {

    /** The 1-based line in the input where the row starts (the header is line 1). */
    long line();

    /** The customer the row belongs to. */
    String customerId();

    /** When the purchase or refund happened. */
    Instant at();

    /** The product, quantity and amount (positive for refunds too). */
    OrderLine orderLine();

    /**
     * A line of a purchase.
     *
     * @param orderId lines with the same order id make one order
     */
    record PurchaseLine(long line, String customerId, String orderId, Instant at, String source, OrderLine orderLine)
            implements OrderEvent {
        /** Validates that nothing is missing. */
        public PurchaseLine {
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(orderLine, "orderLine");
        }
    }

    /**
     * A line of a refund or cancellation, with a positive quantity and amount.
     *
     * @param refundId lines with the same refund id make one refund
     * @param orderId  the refunded order, when the source says
     */
    record RefundLine(long line, String customerId, String refundId, Instant at, RefundKind kind,
                      Optional<String> orderId, String source, OrderLine orderLine) implements OrderEvent {
        /** Validates that nothing is missing. */
        public RefundLine {
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(refundId, "refundId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(orderLine, "orderLine");
        }
    }
}
