package io.recall.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which columns of a {@code Dataset<Row>} hold the parts of an order line. The names are the generic
 * CSV format's by default ({@link #defaults()}), so a lake table written by {@code recall import} maps
 * without configuration.
 *
 * <p>Supported column types: ids, currency and kind as strings (integral ids are turned into their
 * decimal text); the time as {@code timestamp} (an instant), {@code timestamp_ntz} or {@code date} (local,
 * in the shop's zone) or a string in the generic format's forms; the amount as {@code decimal}, an
 * integral type, {@code double}/{@code float} (read through their shortest decimal text) or a string.
 *
 * @param customerId the customer id
 * @param orderId    the order id; on a refund or cancellation line, the refunded order (may be empty)
 * @param time       when the line happened
 * @param amount     the line's amount (positive for refunds too), in {@code currency}
 * @param currency   the ISO 4217 code of the amount
 * @param kind       {@code purchase}, {@code refund}/{@code return} or {@code cancellation}/{@code cancel};
 *                   absent means every line is a purchase
 * @param refundId   lines with the same refund id make one refund; absent (or empty) means every refund
 *                   line is its own refund
 */
public record OrderColumns(String customerId, String orderId, String time, String amount, String currency,
                           Optional<String> kind, Optional<String> refundId) {

    /** Validates that every name is present and not blank. */
    public OrderColumns {
        requireName(customerId, "customerId");
        requireName(orderId, "orderId");
        requireName(time, "time");
        requireName(amount, "amount");
        requireName(currency, "currency");
        Objects.requireNonNull(kind, "kind").ifPresent(k -> requireName(k, "kind"));
        Objects.requireNonNull(refundId, "refundId").ifPresent(r -> requireName(r, "refundId"));
    }

    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException("the " + what + " column name is blank");
        }
    }

    /** Purchases only, in the given columns. */
    public static OrderColumns of(String customerId, String orderId, String time, String amount, String currency) {
        return new OrderColumns(customerId, orderId, time, amount, currency, Optional.empty(), Optional.empty());
    }

    /**
     * The generic CSV format's names: {@code customer_id}, {@code order_id}, {@code ordered_at},
     * {@code amount}, {@code currency}, {@code kind} and {@code refund_id}.
     */
    public static OrderColumns defaults() {
        return new OrderColumns("customer_id", "order_id", "ordered_at", "amount", "currency",
                Optional.of("kind"), Optional.of("refund_id"));
    }

    /** These columns with a kind column. */
    public OrderColumns withKind(String column) {
        return new OrderColumns(customerId, orderId, time, amount, currency, Optional.of(column), refundId);
    }

    /** These columns with a refund id column. */
    public OrderColumns withRefundId(String column) {
        return new OrderColumns(customerId, orderId, time, amount, currency, kind, Optional.of(column));
    }

    /** These columns without a kind column: every line is a purchase. */
    public OrderColumns withoutKind() {
        return new OrderColumns(customerId, orderId, time, amount, currency, Optional.empty(), refundId);
    }

    /** These columns without a refund id column. */
    public OrderColumns withoutRefundId() {
        return new OrderColumns(customerId, orderId, time, amount, currency, kind, Optional.empty());
    }

    /** Each mapped column with the role it plays, e.g. {@code customerId}, in declaration order. */
    List<String[]> roles() {
        List<String[]> roles = new ArrayList<>();
        roles.add(new String[]{"customerId", customerId});
        roles.add(new String[]{"orderId", orderId});
        roles.add(new String[]{"time", time});
        roles.add(new String[]{"amount", amount});
        roles.add(new String[]{"currency", currency});
        kind.ifPresent(k -> roles.add(new String[]{"kind", k}));
        refundId.ifPresent(r -> roles.add(new String[]{"refundId", r}));
        return roles;
    }
}
