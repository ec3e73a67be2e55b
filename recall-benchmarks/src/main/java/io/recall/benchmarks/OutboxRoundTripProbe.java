package io.recall.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.recall.testing.Databases;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * What {@link OutboxBenchmark} measures in time, counted in database work, which a loaded machine cannot
 * skew: per message, the statements each outbox sends to the driver (each one round trip on PostgreSQL),
 * the transactions it commits (explicit commits and auto-committed writes) and the connections it takes
 * from the pool. Same contenders, same pool of 4, counted under the pool (between HikariCP and the driver).
 * It also reports the CPU time of the calling thread per message: on embedded H2 that is nearly all the
 * work (the database runs in that thread), and it is far less skewed by other load than wall-clock time;
 * on PostgreSQL it leaves out the server's work.
 *
 * <pre>
 * java -cp recall-benchmarks/target/benchmarks.jar io.recall.benchmarks.OutboxRoundTripProbe
 * java -Dinterleaved=true -cp recall-benchmarks/target/benchmarks.jar io.recall.benchmarks.OutboxRoundTripProbe
 * </pre>
 * The second form times both outboxes in alternation instead (see {@link #interleaved()}).
 */
public final class OutboxRoundTripProbe {

    private static final int WARM_UP = Integer.getInteger("warmUp", 2_000);
    private static final int MESSAGES = Integer.getInteger("messages", 2_000);

    private OutboxRoundTripProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean("interleaved")) {
            interleaved();
            System.exit(0);
        }
        for (String database : System.getProperty("databases", "h2,postgresql").split(",")) {
            for (String outbox : System.getProperty("outboxes", "recall,gruelbox,gruelbox-unique").split(",")) {
                Counts counts = new Counts();
                HikariConfig config = new HikariConfig();
                config.setDataSource(counting(database.equals("h2") ? Databases.h2() : Databases.postgres(), counts));
                config.setMaximumPoolSize(4);
                try (HikariDataSource hikari = new HikariDataSource(config)) {
                    DataSource pool = checkouts(hikari, counts);
                    OutboxContender contender = outbox.equals("recall") ? new RecallOutboxContender(pool)
                            : new GruelboxOutboxContender(pool, database.equals("postgresql"),
                            outbox.equals("gruelbox-unique"));
                    contender.enqueueAndDeliver(WARM_UP);
                    counts.reset();
                    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                    long cpu = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < MESSAGES / OutboxBenchmark.MESSAGES; i++) {
                        contender.enqueueAndDeliver(OutboxBenchmark.MESSAGES);
                    }
                    cpu = threads.getCurrentThreadCpuTime() - cpu;
                    Counts.Snapshot s = counts.snapshot();
                    contender.verify();
                    contender.close();
                    System.out.printf(Locale.ROOT,
                            "%-10s %-8s per message: %5.2f statements (%5.2f in batches), %5.2f commits,"
                                    + " %5.2f round trips, %5.2f connections, %6.1f us CPU of the calling thread%n",
                            database, outbox, s.statements / (double) MESSAGES, s.batched / (double) MESSAGES,
                            s.commits / (double) MESSAGES, s.roundTrips() / (double) MESSAGES,
                            s.connections / (double) MESSAGES, cpu / 1e3 / MESSAGES);
                }
            }
        }
        System.exit(0);
    }

    /**
     * Wall-clock throughput of the outboxes on one database (Recall, transaction-outbox, transaction-outbox
     * deduplicating by {@code uniqueRequestId}), interleaved in batches of {@link OutboxBenchmark#MESSAGES}, the
     * order rotating, so a machine shared with other work slows all alike: the median of the per-round ratios
     * is the figure to read ({@code -Dinterleaved=true -Dpairs=N}).
     */
    private static void interleaved() throws Exception {
        int rounds = Integer.getInteger("pairs", 40);
        String[] names = {"recall", "gruelbox", "gruelbox-unique"};
        for (String database : System.getProperty("databases", "h2,postgresql").split(",")) {
            int n = names.length;
            HikariDataSource[] pools = new HikariDataSource[n];
            OutboxContender[] contenders = new OutboxContender[n];
            for (int k = 0; k < n; k++) {
                HikariConfig config = new HikariConfig();
                config.setDataSource(database.equals("h2") ? Databases.h2() : Databases.postgres());
                config.setMaximumPoolSize(4);
                pools[k] = new HikariDataSource(config);
                contenders[k] = k == 0 ? new RecallOutboxContender(pools[k])
                        : new GruelboxOutboxContender(pools[k], database.equals("postgresql"), k == 2);
            }
            for (int w = 0; w < WARM_UP / OutboxBenchmark.MESSAGES; w++) {
                for (OutboxContender c : contenders) {
                    c.enqueueAndDeliver(OutboxBenchmark.MESSAGES);
                }
            }
            long[] nanos = new long[n];
            double[][] ratios = new double[n][rounds]; // recall's throughput over contender k's, per round
            for (int r = 0; r < rounds; r++) {
                long[] round = new long[n];
                for (int j = 0; j < n; j++) {
                    int k = (j + r) % n; // rotate which goes first
                    long t = System.nanoTime();
                    contenders[k].enqueueAndDeliver(OutboxBenchmark.MESSAGES);
                    round[k] = System.nanoTime() - t;
                    nanos[k] += round[k];
                }
                for (int k = 1; k < n; k++) {
                    ratios[k][r] = round[k] / (double) round[0];
                }
            }
            for (int k = 0; k < n; k++) {
                System.out.println(database + " " + contenders[k].verify());
                contenders[k].close();
                pools[k].close();
            }
            double messages = (double) rounds * OutboxBenchmark.MESSAGES;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s interleaved, %d rounds:", database,
                    rounds));
            for (int k = 0; k < n; k++) {
                line.append(String.format(Locale.ROOT, " %s %,.0f msg/s;", names[k], messages / (nanos[k] / 1e9)));
            }
            for (int k = 1; k < n; k++) {
                double[] sorted = ratios[k].clone();
                java.util.Arrays.sort(sorted);
                line.append(String.format(Locale.ROOT, " recall/%s median %.2f (quartiles %.2f-%.2f);", names[k],
                        sorted[rounds / 2], sorted[rounds / 4], sorted[3 * rounds / 4]));
            }
            System.out.println(line);
        }
    }

    /** Counters shared by every connection of one data source. */
    static final class Counts {
        final AtomicLong statements = new AtomicLong();
        final AtomicLong batched = new AtomicLong();
        final AtomicLong executes = new AtomicLong();
        final AtomicLong commits = new AtomicLong();
        final AtomicLong rollbacks = new AtomicLong();
        final AtomicLong connections = new AtomicLong();

        void reset() {
            statements.set(0);
            batched.set(0);
            executes.set(0);
            commits.set(0);
            rollbacks.set(0);
            connections.set(0);
        }

        Snapshot snapshot() {
            return new Snapshot(statements.get(), batched.get(), executes.get(), commits.get(), rollbacks.get(),
                    connections.get());
        }

        /**
         * @param statements SQL statements executed (a batch counts each statement in it)
         * @param batched    of those, how many went in batches
         * @param executes   calls that reach the server: execute*, one per batch
         */
        record Snapshot(long statements, long batched, long executes, long commits, long rollbacks,
                        long connections) {
            long roundTrips() {
                return executes + commits + rollbacks;
            }
        }
    }

    /** The pool as the contenders see it, counting the connections they take from it. */
    static DataSource checkouts(DataSource pool, Counts counts) {
        return (DataSource) Proxy.newProxyInstance(OutboxRoundTripProbe.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        counts.connections.incrementAndGet();
                    }
                    return invoke(pool, method, args);
                });
    }

    /** A data source whose connections count what they run; Hikari's own checks count too. */
    static DataSource counting(DataSource target, Counts counts) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return connection(target.getConnection(), counts);
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return connection(target.getConnection(user, password), counts);
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }

    private static Connection connection(Connection physical, Counts counts) {
        boolean[] autoCommit = {true};
        boolean[] open = {false}; // statements run since the last commit or rollback, auto-commit off
        try {
            autoCommit[0] = physical.getAutoCommit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return (Connection) Proxy.newProxyInstance(OutboxRoundTripProbe.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setAutoCommit" -> {
                            if ((Boolean) args[0] && !autoCommit[0] && open[0]) {
                                counts.commits.incrementAndGet(); // switching auto-commit on commits
                            }
                            open[0] = false;
                            autoCommit[0] = (Boolean) args[0];
                        }
                        case "commit" -> {
                            counts.commits.incrementAndGet();
                            open[0] = false;
                        }
                        case "rollback" -> {
                            counts.rollbacks.incrementAndGet();
                            open[0] = false;
                        }
                        case "isValid" -> counts.executes.incrementAndGet();
                        default -> {
                        }
                    }
                    Object result = invoke(physical, method, args);
                    if (result instanceof Statement s) {
                        String sql = method.getName().startsWith("prepare") ? (String) args[0] : null;
                        return statement(s, method.getReturnType(), sql, counts, autoCommit, open);
                    }
                    return result;
                });
    }

    private static Object statement(Statement physical, Class<?> type, String prepared, Counts counts,
                                    boolean[] autoCommit, boolean[] open) {
        int[] pending = {0};
        return Proxy.newProxyInstance(OutboxRoundTripProbe.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("addBatch")) {
                        pending[0]++;
                    } else if (name.equals("clearBatch")) {
                        pending[0] = 0;
                    } else if (name.startsWith("execute") && !autoCommit[0]) {
                        open[0] = true;
                    }
                    if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                        counts.executes.incrementAndGet();
                        counts.statements.addAndGet(pending[0]);
                        counts.batched.addAndGet(pending[0]);
                        if (autoCommit[0] && pending[0] > 0) {
                            counts.commits.incrementAndGet();
                        }
                        pending[0] = 0;
                    } else if (name.startsWith("execute")) {
                        counts.executes.incrementAndGet();
                        counts.statements.incrementAndGet();
                        String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : prepared;
                        if (autoCommit[0] && writes(sql)) {
                            counts.commits.incrementAndGet();
                        }
                    }
                    return invoke(physical, method, args);
                });
    }

    /** Whether a statement changes rows (so commits in auto-commit mode); unknown SQL counts as a write. */
    private static boolean writes(String sql) {
        if (sql == null) {
            return true;
        }
        String s = sql.toUpperCase(Locale.ROOT).replace("FOR UPDATE", "");
        return WRITE.matcher(s).find();
    }

    private static final java.util.regex.Pattern WRITE =
            java.util.regex.Pattern.compile("\\b(INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP)\\b");

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
