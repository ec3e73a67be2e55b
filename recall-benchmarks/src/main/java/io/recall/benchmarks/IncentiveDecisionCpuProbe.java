package io.recall.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@link IncentiveDecisionBenchmark}'s contenders measured in decisions per CPU-second of the deciding thread
 * (not per wall second), for a machine shared with other work, where JMH's wall-clock throughput mostly measures
 * the neighbours. Each contender: 200,000 warm-up decisions, then as many as fit in 2 CPU-seconds; three rounds.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -Xmx1g -cp recall-benchmarks/target/benchmarks.jar io.recall.benchmarks.IncentiveDecisionCpuProbe
 * </pre>
 */
public final class IncentiveDecisionCpuProbe {

    private IncentiveDecisionCpuProbe() {
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
                long cpu0 = mx.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                int sink = 0;
                while (mx.getCurrentThreadCpuTime() - cpu0 < 2_000_000_000L) {
                    for (int i = 0; i < 1000; i++) {
                        sink += b.decide() == null ? 1 : 0;
                    }
                    n += 1000;
                }
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                double wall = (System.nanoTime() - wall0) / 1e9;
                System.out.printf(Locale.ROOT, "round %d %-10s %,12.0f decisions per CPU-second %,12.0f per wall second (%d null)%n",
                        round, engine, n / cpu, n / wall, sink);
            }
        }
    }
}
