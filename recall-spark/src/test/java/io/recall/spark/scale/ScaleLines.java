package io.recall.spark.scale;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A deterministic shop for scale runs: customer {@code i}'s order lines are a pure function of {@code i}
 * (SplitMix64 hashes, no shared state), so executors can generate any slice and the single-JVM run sees
 * exactly the same lines. About 3.3 orders of 1 to 5 lines per customer (≈10 lines), amounts 1.00 to
 * 99.99 GBP, two years of purchases, 3% of orders with a linked partial refund.
 */
public final class ScaleLines {

    /** Purchases fall in [START, START + 730 days). */
    public static final Instant START = LocalDate.of(2023, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    /** The as-of date of the runs: the last day of the two years. */
    public static final LocalDate AS_OF = LocalDate.of(2024, 12, 30);

    /** Receives one line. */
    public interface Sink {
        /**
         * @param refundOf the refunded order for a refund line, else null
         */
        void line(String customerId, String orderId, long epochSecond, long pence, String refundOf);
    }

    private ScaleLines() {
    }

    /** Every line of customer {@code i}. */
    public static void customer(long i, Sink sink) {
        String customer = "C" + i;
        long h = mix(i * 0x9E3779B97F4A7C15L + 1);
        // Orders: 1 + a geometric number with mean 2.3, capped at 40.
        int orders = 1;
        while (orders < 40 && Long.remainderUnsigned(mix(h + orders), 100) < 70) {
            orders++;
        }
        long first = START.getEpochSecond() + Long.remainderUnsigned(mix(h ^ 0x51L), 730L * 86_400);
        long end = START.getEpochSecond() + 730L * 86_400;
        for (int o = 0; o < orders; o++) {
            long ho = mix(h + 1000 + o);
            long at = o == 0 ? first : first + Long.remainderUnsigned(ho, Math.max(1, end - first));
            String order = customer + "-" + o;
            int lines = 1 + (int) Long.remainderUnsigned(ho >>> 7, 5);
            long firstLine = 0;
            for (int l = 0; l < lines; l++) {
                long pence = 100 + Long.remainderUnsigned(mix(ho + l), 9_900);
                if (l == 0) {
                    firstLine = pence;
                }
                sink.line(customer, order, at + l, pence, null);
            }
            if (Long.remainderUnsigned(ho >>> 13, 100) < 3) {
                sink.line(customer, order, at + 86_400 * (1 + Long.remainderUnsigned(ho >>> 20, 30)), firstLine / 2,
                        order);
            }
        }
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
