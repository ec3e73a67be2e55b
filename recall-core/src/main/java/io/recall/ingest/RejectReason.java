package io.recall.ingest;

/**
 * Why an input row was not used. Each row gets the first reason that applies, in this order of checks:
 * shape, parsing, identity, then meaning.
 */
public enum RejectReason {
    /** The row has the wrong number of columns or cannot be split into them. */
    MALFORMED_ROW("malformed-row"),
    /** A date or time that cannot be parsed. */
    UNPARSABLE_DATE("unparsable-date"),
    /** A quantity that is not a whole number. */
    UNPARSABLE_QUANTITY("unparsable-quantity"),
    /** A price or amount that is not a decimal number. */
    UNPARSABLE_AMOUNT("unparsable-amount"),
    /** A currency code that is not ISO 4217. */
    UNKNOWN_CURRENCY("unknown-currency"),
    /** A row without a customer id: it cannot be attributed to anyone (guest checkouts). */
    MISSING_CUSTOMER_ID("missing-customer-id"),
    /** A row without an order id. */
    MISSING_ORDER_ID("missing-order-id"),
    /** A row kind other than purchase, refund or cancellation. */
    UNKNOWN_KIND("unknown-kind"),
    /** A bookkeeping adjustment, not a customer's purchase (Online Retail's {@code A…} invoices). */
    ADJUSTMENT("adjustment"),
    /** A purchase with zero or negative quantity (stock corrections, damages). */
    NON_POSITIVE_QUANTITY("non-positive-quantity"),
    /** A cancellation whose quantity is not negative. */
    CANCELLATION_NOT_NEGATIVE("cancellation-not-negative"),
    /** A zero or negative price or amount where a sale needs a positive one. */
    NON_POSITIVE_PRICE("non-positive-price"),
    /** An amount in another currency than the import's, with no converter. */
    CURRENCY_MISMATCH("currency-mismatch"),
    /** A refund dated before the order it refunds. */
    REFUND_BEFORE_ORDER("refund-before-order"),
    /** A row dated after the import's cut-off (the as-of date). */
    AFTER_CUTOFF("after-cutoff"),
    /** A profile value that is not what its field holds (a birth year of "abc", an unknown time zone). */
    INVALID_VALUE("invalid-value");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The stable code used in reports and JSON, e.g. {@code missing-customer-id}. */
    public String code() {
        return code;
    }
}
