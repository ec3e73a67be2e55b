package io.recall.rfm;

import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.Refund;
import io.recall.model.RefundKind;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Small builders for test histories. */
final class Histories {

    private Histories() {
    }

    static Instant at(String isoInstant) {
        return Instant.parse(isoInstant);
    }

    static Order order(String id, String customer, String at, String amount) {
        return order(id, customer, at, amount, "GBP");
    }

    static Order order(String id, String customer, String at, String amount, String currency) {
        return new Order(id, customer, Instant.parse(at), "online",
                List.of(OrderLine.ofTotal("SKU-1", Optional.empty(), 1, Money.of(amount, currency))));
    }

    static Refund refund(String id, String customer, String at, String amount, Optional<String> orderId) {
        return new Refund(id, customer, Instant.parse(at), RefundKind.RETURN, orderId, "online",
                Money.of(amount, "GBP"), List.of());
    }
}
