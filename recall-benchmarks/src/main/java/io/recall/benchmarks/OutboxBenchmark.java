package io.recall.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.recall.testing.Databases;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Messages per second through a transactional outbox, one worker: each message enqueued in its own
 * database transaction, then delivered to a no-op sink and marked done. Recall's JDBC outbox
 * ({@link RecallOutboxContender}: claim with a lease, policies, attempt recorded before the call, outcome
 * recorded after) against com.gruelbox transaction-outbox ({@link GruelboxOutboxContender}: schedule in the
 * transaction, run after commit, lock and delete; as {@code gruelbox-unique}, deduplicating by
 * {@code uniqueRequestId} and so keeping each processed entry), on the same database behind the same HikariCP
 * pool of 4: embedded H2 in memory, or a real PostgreSQL started from Maven Central binaries. The trial's
 * tear-down fails the run if either side lost or doubled a message. {@link OutboxRoundTripProbe} counts the
 * database work per message of both (statements, commits, connections), which other load cannot skew.
 *
 * <p>Run from the project root:
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar OutboxBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// transaction-outbox logs two INFO lines per message; both sides log at WARN so neither pays for logging.
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class OutboxBenchmark {

    static final int MESSAGES = 100;

    @Param({"h2", "postgresql"})
    String database;

    @Param({"recall", "gruelbox", "gruelbox-unique"})
    String outbox;

    private HikariDataSource pool;
    private OutboxContender contender;

    @Setup(Level.Trial)
    public void setUp() {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.equals("h2") ? Databases.h2() : Databases.postgres());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        contender = outbox.equals("recall") ? new RecallOutboxContender(pool)
                : new GruelboxOutboxContender(pool, database.equals("postgresql"), outbox.equals("gruelbox-unique"));
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void enqueueAndDeliver() throws Exception {
        contender.enqueueAndDeliver(MESSAGES);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        System.out.println();
        System.out.println(database + " " + contender.verify());
        contender.close();
        pool.close();
    }
}
