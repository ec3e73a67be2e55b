package io.recall.ingest;

/**
 * Told now and then how far an import has got; for progress bars. Called on the importing thread.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores progress. */
    ProgressListener NONE = (bytesRead, totalBytes, rows) -> { };

    /**
     * @param bytesRead  bytes of the (possibly compressed) input consumed so far
     * @param totalBytes the input's size, or -1 when unknown
     * @param rows       data rows read so far
     */
    void progress(long bytesRead, long totalBytes, long rows);
}
