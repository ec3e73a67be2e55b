package io.recall.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@link IncentiveDecisionBenchmark}'s contenders measured in decisions per CPU-second of the deciding thread
 * (not per wall second), for a machine shared with other work, where JMH's wall-clock throughput mostly measures
 * the neighbours. Each contender: 200,000 warm-up decisions, then as many as fit in 2 CPU-seconds; three rounds.
 * It also prints the bytes the deciding thread allocated per decision over the measured part (HotSpot's
 * per-thread allocation counter, which the load does not distort either), the figure JMH's {@code -prof gc}
 * reports as {@code gc.alloc.rate.norm}.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -Xmx1g -cp recall-benchmarks/target/benchmarks.jar io.recall.benchmarks.IncentiveDecisionCpuProbe
 * </pre>
 */
public final class IncentiveDecisionCpuProbe {

    /**
     * Where every decision goes, as JMH's Blackhole: a write to a static field makes the result escape, so neither
     * contender's result (Recall's {@code Decision}, Easy Rules' chosen rule id) can be optimised away.
     */
    static volatile Object last;
    private static Object sinkField;

    private IncentiveDecisionCpuProbe() {
    }

    /** Bytes the current thread has allocated so far (HotSpot's ThreadMXBean), -1 where unsupported. */
    private static long allocated(ThreadMXBean mx) {
        return mx instanceof com.sun.management.ThreadMXBean hs ? hs.getCurrentThreadAllocatedBytes() : -1;
    }

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= 3; round++) {
            for (String engine : new String[] {"recall", "easyrules"}) {
                IncentiveDecisionBenchmark b = new IncentiveDecisionBenchmark();
                b.engine = engine;
                b.setUp();
                for (int i = 0; i < 200_000; i++) {
                    b.decide();
                }
                long n = 0;
                long bytes0 = allocated(mx);
                long cpu0 = mx.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                int sink = 0;
                while (mx.getCurrentThreadCpuTime() - cpu0 < 2_000_000_000L) {
                    for (int i = 0; i < 1000; i++) {
                        Object o = b.decide();
                        sinkField = o;
                        sink += o == null ? 1 : 0;
                    }
                    n += 1000;
                    last = sinkField;
                }
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                double wall = (System.nanoTime() - wall0) / 1e9;
                double perDecision = (allocated(mx) - bytes0) / (double) n;
                System.out.printf(Locale.ROOT, "round %d %-10s %,12.0f decisions per CPU-second %,12.0f per wall second %,8.0f B allocated per decision (%d null)%n",
                        round, engine, n / cpu, n / wall, perDecision, sink);
            }
        }
    }
}
