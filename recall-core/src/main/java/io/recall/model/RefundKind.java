package io.recall.model;

/** Why money went back to a customer. */
public enum RefundKind {
    /** The order (or part of it) was cancelled before fulfilment. */
    CANCELLATION,
    /** Goods were returned after fulfilment. */
    RETURN
}
