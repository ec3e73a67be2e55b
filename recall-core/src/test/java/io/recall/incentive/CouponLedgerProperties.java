package io.recall.incentive;

import io.recall.testing.Databases;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever sequence of reservations, redemptions, releases, revocations and expiries: no coupon is used
 * beyond its cap or a customer's limit, the counts match the uses, each use moves only along legal
 * transitions (a redemption is final), and repeating an order's successful call answers alike.
 */
class CouponLedgerProperties {

    private static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    private static final Map<CouponUse.State, Set<CouponUse.State>> LEGAL = Map.of(
            CouponUse.State.RESERVED, EnumSet.of(CouponUse.State.RESERVED, CouponUse.State.REDEEMED, CouponUse.State.RELEASED),
            CouponUse.State.REDEEMED, EnumSet.of(CouponUse.State.REDEEMED),
            CouponUse.State.RELEASED, EnumSet.allOf(CouponUse.State.class));
    private static CouponLedger h2;

    @Provide
    Arbitrary<List<int[]>> operations() {
        // {kind, coupon, customer, order, seconds forward}
        return Arbitraries.integers().between(0, 1000).array(int[].class).ofSize(5).list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void inMemoryLedgerKeepsItsInvariants(@ForAll("operations") List<int[]> ops) {
        check(CouponLedger.inMemory(), ops, "m");
    }

    @Property(tries = 15)
    void jdbcLedgerKeepsItsInvariants(@ForAll("operations") List<int[]> ops) {
        synchronized (CouponLedgerProperties.class) {
            if (h2 == null) {
                h2 = JdbcIncentiveStores.migrate(Databases.h2(), T0).coupons();
            }
        }
        check(h2, ops, CouponLedgerContract.code());
    }

    private static void check(CouponLedger ledger, List<int[]> ops, String prefix) {
        List<Coupon> coupons = List.of(
                new Coupon(prefix + "-single", "p", Optional.of("c0"), 1, 1, T0, T0.plusSeconds(2000)),
                new Coupon(prefix + "-bulk", "p", Optional.empty(), 3, 2, T0, T0.plusSeconds(3000)),
                new Coupon(prefix + "-one", "p", Optional.empty(), 1, 1, T0, T0.plusSeconds(4000)));
        coupons.forEach(c -> assertTrue(ledger.issue(c)));
        Instant now = T0;
        Map<String, Map<String, CouponUse.State>> before = new HashMap<>();
        for (int[] op : ops) {
            now = now.plusSeconds(op[4] % 120);
            Coupon c = coupons.get(op[1] % coupons.size());
            String customer = "c" + op[2] % 3;
            // Orders belong to one customer, as in a shop.
            String order = customer + "-o" + op[3] % 3;
            switch (op[0] % 6) {
                case 0, 1 -> {
                    Redemption r = ledger.redeem(c.code(), customer, order, now);
                    if (r.isSuccess()) {
                        assertEquals(r, ledger.redeem(c.code(), customer, order, now.plusSeconds(1)), "repeat of " + r);
                    }
                }
                case 2 -> {
                    Redemption r = ledger.reserve(c.code(), customer, order, now.plusSeconds(op[4] % 300), now);
                    if (r.isSuccess()) {
                        assertEquals(r, ledger.reserve(c.code(), customer, order, now.plusSeconds(999), now), "repeat of " + r);
                    }
                }
                case 3 -> {
                    boolean redeemed = ledger.uses(c.code()).stream().anyMatch(u -> u.orderId().equals(order)
                            && u.state() == CouponUse.State.REDEEMED);
                    if (!redeemed) {
                        ledger.release(c.code(), order, now);
                    }
                }
                case 4 -> ledger.expire(now);
                default -> {
                    if (op[3] % 10 == 0) {
                        ledger.revoke(c.code(), now);
                    }
                }
            }
            for (Coupon k : coupons) {
                CouponState s = ledger.find(k.code()).orElseThrow();
                List<CouponUse> uses = ledger.uses(k.code());
                long reserved = uses.stream().filter(u -> u.state() == CouponUse.State.RESERVED).count();
                long redeemed = uses.stream().filter(u -> u.state() == CouponUse.State.REDEEMED).count();
                assertEquals(reserved, s.reserved(), k.code() + " reserved");
                assertEquals(redeemed, s.redeemed(), k.code() + " redeemed");
                assertTrue(s.reserved() + s.redeemed() <= k.maxRedemptions(), s.toString());
                Map<String, Long> perCustomer = new HashMap<>();
                uses.stream().filter(CouponUse::isLive).forEach(u -> perCustomer.merge(u.customerId(), 1L, Long::sum));
                perCustomer.values().forEach(n -> assertTrue(n <= k.perCustomerLimit(), k.code() + " per customer " + perCustomer));
                k.customerId().ifPresent(only -> uses.forEach(u -> assertEquals(only, u.customerId())));
                Map<String, CouponUse.State> was = before.computeIfAbsent(k.code(), x -> new HashMap<>());
                for (CouponUse u : uses) {
                    CouponUse.State prior = was.put(u.orderId(), u.state());
                    assertTrue(prior == null || LEGAL.get(prior).contains(u.state()), prior + " -> " + u.state());
                }
                assertEquals(was.size(), uses.size(), "a use disappeared");
            }
        }
    }
}
