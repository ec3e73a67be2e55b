package io.recall.incentive;

import io.recall.testing.Databases;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coupon ledger contract on a real PostgreSQL server, and two processes racing for one code. */
class PostgresCouponLedgerTest extends CouponLedgerContract {

    private static DataSource ds;
    private static CouponLedger shared;

    @Override
    CouponLedger ledger() {
        synchronized (PostgresCouponLedgerTest.class) {
            if (shared == null) {
                ds = Databases.postgres();
                shared = JdbcIncentiveStores.migrate(ds, T0).coupons();
            }
            return shared;
        }
    }

    @Test
    void twoJvmsRedeemingOneCodeYieldExactlyOneSuccess() throws Exception {
        Coupon c = new Coupon(code(), "winback", Optional.empty(), 1, 1, T0, T0.plus(Duration.ofDays(30)));
        assertTrue(ledger.issue(c));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RedeemFromAnotherJvm.class.getName(), Databases.url(ds), c.code(), "8", T0.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine());
            Writer go = new OutputStreamWriter(other.getOutputStream(), StandardCharsets.UTF_8);
            go.write("GO\n");
            go.flush();
            int here = race(8, i -> ledger.redeem(c.code(), "jvm1-c" + i, "jvm1-o" + i, T0));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("SUCCESSES "), "second JVM said " + line);
            String[] parts = line.split(" ");
            assertEquals("0", parts[3], "redemptions that failed with an error in the second JVM");
            assertEquals(1, here + Integer.parseInt(parts[1]), "successes: " + here + " here, " + parts[1] + " there");
            assertEquals(1, ledger.find(c.code()).orElseThrow().redeemed());
            assertTrue(other.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, other.exitValue());
        } finally {
            other.destroyForcibly();
        }
    }
}
