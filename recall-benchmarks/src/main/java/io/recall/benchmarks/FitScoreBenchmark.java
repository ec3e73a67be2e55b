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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The nightly batch: from the gzip Online Retail CSV (541,909 rows) to every customer's RFM metrics,
 * fitted quintile thresholds and scores, fetched into Java. Recall ({@link RecallRfmJob}: stream the
 * file into an {@code RfmAggregator}, fit a {@code ScoringModel}, score) against DuckDB over JDBC
 * ({@link DuckDbRfmJob}: {@code read_csv} and one SQL statement). {@code DuckDbAgreementTest} proves
 * that both compute the same numbers. One operation takes about a second, so each iteration is a single
 * run of the whole job.
 *
 * <p>Run from the project root (the data set is found in {@code ../shared/data}, or set
 * {@code -Drecall.data.dir}):
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar FitScoreBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class FitScoreBenchmark {

    @Param({"recall", "duckdb"})
    String engine;

    private RfmJob job;
    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        file = OnlineRetail.file();
        job = RfmJob.named(engine);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        job.close();
    }

    @Benchmark
    public Thresholds fitAndScore(Blackhole blackhole) throws Exception {
        return job.run(file, OnlineRetail.AS_OF, (customerId, recencyDays, frequency, monetary, r, f, m) -> {
            blackhole.consume(customerId);
            blackhole.consume(recencyDays);
            blackhole.consume(frequency);
            blackhole.consume(monetary);
            blackhole.consume(r);
            blackhole.consume(f);
            blackhole.consume(m);
        });
    }
}
