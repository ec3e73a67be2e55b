package io.recall.ingest;

import java.util.Objects;

/**
 * A rejected row: where, why, and what was found.
 *
 * @param line   the 1-based line where the row starts (the header is line 1)
 * @param reason why it was rejected
 * @param detail what was found, e.g. {@code quantity "-3"}
 */
public record RowRejection(long line, RejectReason reason, String detail) {

    /** Validates that reason and detail are present. */
    public RowRejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@code line 17: non-positive-quantity (quantity "-3")}. */
    public String message() {
        return "line " + line + ": " + reason.code() + " (" + detail + ")";
    }
}
