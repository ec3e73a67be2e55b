package io.recall.incentive;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The second process of the two-JVM redemption test: opens the database at {@code args[0]}, prints READY,
 * waits for a line on standard input, then redeems code {@code args[1]} from {@code args[2]} threads, each for
 * its own order, and prints {@code SUCCESSES n}.
 */
public final class RedeemFromAnotherJvm {

    private RedeemFromAnotherJvm() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String code = args[1];
        int threads = Integer.parseInt(args[2]);
        Instant now = Instant.parse(args[3]);
        CouponLedger ledger = new JdbcCouponLedger(new UrlSource(url));
        ledger.find(code); // connect before the start signal, so both processes start warm
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        CountDownLatch done = new CountDownLatch(threads);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < threads; i++) {
            int k = i;
            new Thread(() -> {
                try {
                    if (ledger.redeem(code, "jvm2-c" + k, "jvm2-o" + k, now).isSuccess()) {
                        ok.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    e.printStackTrace();
                    failed.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        System.out.println("SUCCESSES " + ok.get() + " FAILURES " + failed.get());
        System.out.flush();
    }

    private static final class UrlSource implements DataSource {
        private final String url;

        UrlSource(String url) {
            this.url = url;
        }

        @Override public Connection getConnection() throws SQLException { return DriverManager.getConnection(url); }
        @Override public Connection getConnection(String u, String p) throws SQLException { return DriverManager.getConnection(url, u, p); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
