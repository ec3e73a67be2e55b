package io.recall.incentive;

import io.recall.testing.Databases;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever sequence of earning, redeeming, reversing and expiring (operation ids reused on purpose): the
 * balance is the sum of the ledger's lines, no part of it is ever negative, operation ids stay unique, and a
 * repeated operation answers alike.
 */
class PointsLedgerProperties {

    private static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    private static PointsLedger h2;

    @Provide
    Arbitrary<List<int[]>> operations() {
        // {kind, operation id, points, seconds forward, window}
        return Arbitraries.integers().between(0, 1000).array(int[].class).ofSize(5).list().ofMinSize(1).ofMaxSize(50);
    }

    @Property(tries = 300)
    void inMemoryBalanceIsTheSumOfTheLinesAndNeverNegative(@ForAll("operations") List<int[]> ops) {
        check(PointsLedger.inMemory(), "m", ops);
    }

    @Property(tries = 10)
    void jdbcBalanceIsTheSumOfTheLinesAndNeverNegative(@ForAll("operations") List<int[]> ops) {
        synchronized (PointsLedgerProperties.class) {
            if (h2 == null) {
                h2 = JdbcIncentiveStores.migrate(Databases.h2(), T0).points();
            }
        }
        check(h2, PointsLedgerContract.member(), ops);
    }

    private static void check(PointsLedger p, String m, List<int[]> ops) {
        Instant now = T0;
        for (int[] op : ops) {
            now = now.plusSeconds(op[3] % 200);
            String id = "op" + op[1] % 12;
            PointsResult r;
            switch (op[0] % 5) {
                case 0, 1 -> r = p.earn(m, id, 1 + op[2] % 100, now, now.plusSeconds(op[4] % 100), now.plusSeconds(100 + op[4] % 500));
                case 2 -> r = p.redeem(m, id, 1 + op[2] % 150, now);
                case 3 -> r = p.reverse(m, id, "op" + op[2] % 12, now);
                default -> {
                    p.expire(m, now);
                    r = null;
                }
            }
            if (r != null && r.isApplied()) {
                PointsEntry e = r.entry().orElseThrow();
                PointsResult again = switch (e.kind()) {
                    case EARNED -> p.earn(m, id, e.points(), e.at(), e.availableAt(), e.expiresAt());
                    case REDEEMED -> p.redeem(m, id, -e.points(), now.plusSeconds(1));
                    default -> p.reverse(m, id, e.lot().orElseThrow(), now.plusSeconds(1));
                };
                assertEquals(r, again);
            }
            List<PointsEntry> lines = p.entries(m);
            long sum = lines.stream().mapToLong(PointsEntry::points).sum();
            PointsBalance b = p.balance(m, now);
            assertEquals(sum, b.total(), "balance " + b + " vs lines " + lines);
            assertTrue(sum >= 0);
            Set<String> ids = new HashSet<>();
            lines.forEach(l -> assertTrue(ids.add(l.operationId()), "operation " + l.operationId() + " twice"));
        }
    }
}
