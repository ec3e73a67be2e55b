package io.recall.benchmarks;

import io.recall.incentive.Coupon;
import io.recall.incentive.CouponCodes;
import io.recall.incentive.CouponLedger;
import io.recall.incentive.CouponTerms;
import io.recall.incentive.Coupons;
import io.recall.incentive.JdbcIncentiveStores;
import io.recall.incentive.Redemption;
import io.recall.testing.Databases;
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
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * Coupon codes issued, and issued then redeemed, per second on one thread: in memory, on embedded H2 (in
 * memory, through JDBC) and on a real PostgreSQL server started from Maven Central binaries (loopback), both
 * through a HikariCP pool as a host would use one. Issuing is one insert; redeeming is one transaction that
 * locks the coupon's row, reads the order's use and the customer's other uses, and writes with a guard.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar CouponLedgerBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CouponLedgerBenchmark {

    private static final Instant NOW = Instant.parse("2024-03-01T09:00:00Z");

    @Param({"memory", "h2", "postgres"})
    String store;

    private Coupons coupons;
    private long order;

    @Setup(Level.Trial)
    public void setUp() {
        CouponLedger ledger;
        switch (store) {
            case "memory":
                ledger = CouponLedger.inMemory();
                break;
            case "h2":
                ledger = JdbcIncentiveStores.migrate(pooled(Databases.h2()), NOW).coupons();
                break;
            case "postgres":
                ledger = JdbcIncentiveStores.migrate(pooled(Databases.postgres()), NOW).coupons();
                break;
            default:
                throw new IllegalArgumentException(store);
        }
        coupons = Coupons.of(CouponCodes.defaults(), ledger, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private HikariDataSource pool;

    private DataSource pooled(DataSource database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Databases.url(database));
        config.setUsername(store.equals("h2") ? "sa" : "postgres");
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        return pool;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.close();
        }
    }

    @Benchmark
    public Coupon issue() {
        return coupons.issue(CouponTerms.singleUse("bench", "c" + (order++ & 1023), Duration.ofDays(30)));
    }

    @Benchmark
    public Redemption issueAndRedeem() {
        String customer = "c" + (order & 1023);
        Coupon c = coupons.issue(CouponTerms.singleUse("bench", customer, Duration.ofDays(30)));
        Redemption r = coupons.redeem(c.code(), customer, "o" + order++);
        if (!r.isSuccess()) {
            throw new IllegalStateException(r.toString());
        }
        return r;
    }
}
