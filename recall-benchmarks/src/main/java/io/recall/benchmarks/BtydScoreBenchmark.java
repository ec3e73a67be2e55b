package io.recall.benchmarks;

import io.recall.predict.BgNbdModel;
import io.recall.predict.Horizon;
import io.recall.predict.ParetoNbdModel;
import io.recall.predict.PeriodUnit;
import io.recall.predict.PurchaseModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Scoring throughput, in customers per second on one thread: for each of the 2,357 CDNOW customers,
 * P(alive) and the expected purchases in the next 52 weeks, under BG/NBD and Pareto/NBD with the
 * parameters fitted on them. One invocation scores every customer once
 * ({@code @OperationsPerInvocation}), so the score is customers/s. Recall's target: at least 1 M
 * customers/s for BG/NBD.
 *
 * <p>Run from the project root:
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar BtydScoreBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BtydScoreBenchmark {

    private static final int CUSTOMERS = 2_357;
    private static final Horizon YEAR = Horizon.weeks(52);

    @Param({"bgnbd", "pareto-nbd"})
    String model;

    private PurchaseModel impl;
    private int[] x;
    private double[] tx;
    private double[] age;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        CdnowSummary data = CdnowSummary.load();
        if (data.x().length != CUSTOMERS) {
            throw new IllegalStateException("expected " + CUSTOMERS + " customers but read " + data.x().length);
        }
        x = data.x();
        tx = data.tx();
        age = data.age();
        impl = switch (model) {
            case "bgnbd" -> BgNbdModel.fit(data.summaries());
            case "pareto-nbd" -> ParetoNbdModel.fit(data.summaries());
            default -> throw new IllegalArgumentException("unknown model '" + model + "'; expected bgnbd or pareto-nbd");
        };
        if (impl.unit() != PeriodUnit.WEEKS) {
            throw new IllegalStateException("expected a model in weeks");
        }
    }

    @Benchmark
    @OperationsPerInvocation(CUSTOMERS)
    public void scoreEveryCustomer(Blackhole blackhole) {
        PurchaseModel m = impl;
        for (int i = 0; i < CUSTOMERS; i++) {
            blackhole.consume(m.probabilityAlive(x[i], tx[i], age[i]));
            blackhole.consume(m.expectedPurchases(YEAR, x[i], tx[i], age[i]));
        }
    }
}
