package io.recall.benchmarks;

import io.recall.rfm.RfmMetrics;
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
import java.util.concurrent.TimeUnit;

/**
 * Classifying one customer inline, as a shop's request path does: Recall's
 * {@code Segmenter.classify(int, int, long)} with the rfm11 scheme and a quintile model fitted on the
 * 4,338 Online Retail customers, against a hand-written classifier ({@link NaiveClassifier}: percentile
 * rank by binary search, then a {@code HashMap} of "rfm" codes). The inputs cycle through the real
 * customers' (recency, frequency, monetary) triples in a shuffled order, so the JIT sees real branches
 * and cannot fold the call away. Recall's target: at most 10 ns/op and 0 B/op.
 *
 * <p>Run from the project root (the data set is found in {@code ../shared/data}, or set
 * {@code -Drecall.data.dir}):
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar ClassifyBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ClassifyBenchmark {

    private static final int SIZE = 1 << 13;
    private static final int MASK = SIZE - 1;

    @Param({"recall", "naive"})
    String classifier;

    private final int[] recencyDays = new int[SIZE];
    private final int[] frequency = new int[SIZE];
    private final long[] monetaryMinorUnits = new long[SIZE];
    private Classifier impl;

    /** Each thread walks the inputs from its own position. */
    @State(Scope.Thread)
    public static class ThreadState {
        int index;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Classifier.Population population = Classifier.Population.load();
        impl = Classifier.named(classifier, population);
        // Every customer once per pass, each pass in a new order.
        List<RfmMetrics> customers = new ArrayList<>(population.metrics());
        Random random = new Random(42);
        for (int i = 0; i < SIZE; i++) {
            if (i % customers.size() == 0) {
                Collections.shuffle(customers, random);
            }
            RfmMetrics m = customers.get(i % customers.size());
            recencyDays[i] = m.recencyDays();
            frequency[i] = m.frequency();
            monetaryMinorUnits[i] = m.monetaryMinorUnits();
        }
    }

    @Benchmark
    public Object classify(ThreadState state) {
        int i = state.index++ & MASK;
        return impl.classify(recencyDays[i], frequency[i], monetaryMinorUnits[i]);
    }
}
