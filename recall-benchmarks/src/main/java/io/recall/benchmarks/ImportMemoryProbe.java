package io.recall.benchmarks;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.ImportReport;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.model.Money;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmOptions;
import io.recall.testing.SharedData;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.zip.GZIPInputStream;

/**
 * Peak heap of importing Online Retail 1x and 10x (the rows repeated with distinct invoice numbers, so
 * orders grow tenfold; customers stay 4,338), streamed without ever holding the file, with and without
 * an RFM aggregator behind the importer. Run it with a small heap to show memory stays bounded:
 *
 * <pre>
 * java -Xmx128m -cp recall-benchmarks/target/benchmarks.jar io.recall.benchmarks.ImportMemoryProbe
 * </pre>
 */
public final class ImportMemoryProbe {

    private ImportMemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path file = SharedData.onlineRetail();
        for (int copies : new int[] {1, 10}) {
            for (boolean aggregate : new boolean[] {false, true}) {
                System.gc();
                resetPeaks();
                RfmAggregator aggregator = RfmAggregator.create(RfmOptions.of(Money.currency("GBP"))
                        .withZone(ZoneId.of("Europe/London")));
                ImportReport report;
                try (InputStream in = new Copies(file, copies)) {
                    report = OrderImporter.read(in, -1, InputFormat.ONLINE_RETAIL, ImportOptions.defaults(),
                            aggregate ? OrderImporter.toAggregator(aggregator) : event -> { }, ProgressListener.NONE);
                }
                long peak = peakHeap();
                System.out.printf("%2dx %-22s rows %,10d  customers %,6d  peak heap %,5d MiB  (max heap %,d MiB)%n",
                        copies, aggregate ? "import + aggregator" : "import only", report.rowsRead(),
                        aggregator.customersSeen(), peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
            }
        }
    }

    /**
     * The CSV once with its header, then its rows again {@code copies - 1} times with every invoice number
     * suffixed (distinct orders), read lazily from the gzip file: nothing but the current line is held.
     */
    static final class Copies extends InputStream {
        private final Path file;
        private final int copies;
        private int copy;
        private BufferedReader reader;
        private byte[] line = new byte[0];
        private int pos;

        Copies(Path file, int copies) throws IOException {
            this.file = file;
            this.copies = copies;
            this.reader = open();
        }

        private BufferedReader open() throws IOException {
            return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16);
        }

        private boolean fill() throws IOException {
            String text = reader.readLine();
            while (text == null) {
                reader.close();
                if (++copy >= copies) {
                    return false;
                }
                reader = open();
                reader.readLine(); // the header appears once
                text = reader.readLine();
            }
            if (copy > 0) {
                int comma = text.indexOf(',');
                text = text.substring(0, comma) + "-" + copy + text.substring(comma);
            }
            line = (text + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pos >= line.length && !fill()) {
                return -1;
            }
            return line[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos >= line.length && !fill()) {
                return -1;
            }
            int n = Math.min(len, line.length - pos);
            System.arraycopy(line, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
