package io.recall.examples.cli;

import io.recall.ingest.ProgressListener;

import java.io.PrintStream;

/**
 * A one-line progress display on an interactive terminal; silent when output is redirected or in CI,
 * so logs stay clean.
 */
final class Progress implements ProgressListener {

    private final PrintStream out;
    private final String label;
    private int lastPercent = -1;
    private long lastRows;

    Progress(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    /** A display on stderr when there is a terminal and CI is not set; otherwise none. */
    static ProgressListener forTerminal(String label) {
        boolean interactive = isTerminal() && System.getenv("CI") == null;
        return interactive ? new Progress(System.err, label) : ProgressListener.NONE;
    }

    /** From JDK 22 System.console() exists even when output is redirected; Console.isTerminal() tells. */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console means a terminal
        }
    }

    @Override
    public void progress(long bytesRead, long totalBytes, long rows) {
        int percent = totalBytes > 0 ? (int) Math.min(100, bytesRead * 100 / totalBytes) : -1;
        if (percent == lastPercent && rows - lastRows < 100_000) {
            return;
        }
        lastPercent = percent;
        lastRows = rows;
        String done = percent >= 0 ? String.format("%3d%%", percent) : "";
        out.printf(java.util.Locale.ROOT, "\r%s %s %,d rows", label, done, rows);
        if (percent == 100) {
            out.println();
        }
        out.flush();
    }
}
