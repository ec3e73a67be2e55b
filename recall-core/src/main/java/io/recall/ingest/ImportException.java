package io.recall.ingest;

/**
 * An input that cannot be read on: a missing or wrong header, broken quoting or encoding that the
 * parser cannot resynchronise after. Names the line; rows before it were already handed on.
 */
public final class ImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long line;

    /** An error at a 1-based line; the cause may be null. */
    public ImportException(long line, String message, Throwable cause) {
        super("line " + line + ": " + message, cause);
        this.line = line;
    }

    /** The 1-based line where reading stopped. */
    public long line() {
        return line;
    }
}
