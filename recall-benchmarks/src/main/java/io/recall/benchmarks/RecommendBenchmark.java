package io.recall.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Recommending inline, as a shop's product page or a campaign job does per customer: the top 10 items for
 * one customer from what they bought. Recall's {@code CoPurchaseModel.recommend(Collection, int)} with a
 * model fitted on every Online Retail product purchase (3,659 items, up to 30 neighbours each), against what a
 * developer writes by hand ({@link RecommendNaive}: co-occurrence counts computed per call from a
 * {@code Map<sku, Set<customer>>}). The inputs cycle through the real customers' SKU sets (4,334
 * customers, median 35 distinct items) in a shuffled order, so the cost is the real mix of small and
 * wholesale histories.
 *
 * <p>Run from the project root (the data set is found in {@code ../shared/data}, or set
 * {@code -Drecall.data.dir}):
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar RecommendBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RecommendBenchmark {

    private static final int SIZE = 1 << 12;
    private static final int MASK = SIZE - 1;
    private static final int TOP = 10;

    @Param({"recall", "naive"})
    String recommender;

    @SuppressWarnings("unchecked")
    private final Set<String>[] inputs = new Set[SIZE];
    private RecommendContender impl;

    /** Each thread walks the inputs from its own position. */
    @State(Scope.Thread)
    public static class ThreadState {
        int index;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        RecommendContender.Purchases purchases = RecommendContender.Purchases.load();
        impl = RecommendContender.named(recommender, purchases);
        List<Set<String>> customers = new ArrayList<>(purchases.skusByCustomer().values());
        customers.sort((a, b) -> a.toString().compareTo(b.toString()));
        Collections.shuffle(customers, new Random(42));
        for (int i = 0; i < SIZE; i++) {
            inputs[i] = customers.get(i % customers.size());
        }
    }

    @Benchmark
    public Object recommend(ThreadState state) {
        return impl.recommend(inputs[state.index++ & MASK], TOP);
    }
}
