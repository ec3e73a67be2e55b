package io.recall.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The outcome of one in-memory import in a test: the report and every event handed on, in order. Every
 * import made through here is checked to account for each row.
 */
record Imported(ImportReport report, List<OrderEvent> events) {

    Imported {
        events = List.copyOf(events);
    }

    static Imported read(String text, InputFormat format, ImportOptions options) {
        return read(text.getBytes(StandardCharsets.UTF_8), format, options);
    }

    static Imported read(byte[] bytes, InputFormat format, ImportOptions options) {
        List<OrderEvent> events = new ArrayList<>();
        ImportReport report;
        try {
            report = OrderImporter.read(new ByteArrayInputStream(bytes), bytes.length, format, options, events::add,
                    ProgressListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Imported imported = new Imported(report, events);
        imported.assertAccountsForEveryRow();
        return imported;
    }

    /** read = accepted + merged + rejected, and the sink saw exactly the accepted rows. */
    void assertAccountsForEveryRow() {
        assertEquals(report.rowsRead(), report.rowsAccepted() + report.rowsMerged() + report.rowsRejected(),
                () -> "read != accepted + merged + rejected: " + report);
        assertEquals(report.rowsAccepted(), events.size(), () -> "events handed on != rows accepted: " + report);
        assertEquals(report.rowsRejected(), report.rejectedByReason().values().stream().mapToLong(Long::longValue).sum(),
                () -> "rejections per reason do not sum up: " + report);
    }

    /** The only rejection of the import, failing if there are none or several. */
    RowRejection onlyRejection() {
        assertEquals(1, report.rowsRejected(), () -> "expected exactly one rejected row: " + report);
        assertEquals(1, report.samples().size(), () -> "expected one sample: " + report);
        return report.samples().get(0);
    }

    /** The rejection sampled for a line. */
    RowRejection rejectionAt(long line) {
        List<RowRejection> found = report.samples().stream().filter(r -> r.line() == line).collect(Collectors.toList());
        if (found.size() != 1) {
            fail("expected one rejection at line " + line + " but found " + found + " in " + report);
        }
        return found.get(0);
    }
}
