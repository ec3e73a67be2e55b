package io.recall.incentive;

import io.recall.model.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever mix of reserve, commit, release and expire, no budget is overrun and the books balance. */
class BudgetLedgerProperties {

    static final java.util.Currency GBP = Money.currency("GBP");

    @Provide
    Arbitrary<List<int[]>> operations() {
        // {kind 0..3, customer 0..9, segment 0..1, amount in pence 0..2000}
        return Arbitraries.integers().between(0, 2000).array(int[].class).ofSize(4).list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 300)
    void budgetsHoldAndBalance(@ForAll("operations") List<int[]> ops) {
        BudgetLedger ledger = BudgetLedger.of(GBP, List.of(
                Budget.ofMoney("total", Money.of("100.00", "GBP")).withCount(40),
                new Budget("vip", Optional.of("s1"), Set.of(), Optional.of(Money.of("30.00", "GBP")), OptionalLong.empty())), 3);
        List<String> ids = new ArrayList<>();
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        long clock = 0;
        for (int[] op : ops) {
            int kind = op[0] % 4;
            clock += 1;
            if (kind == 0 || ids.isEmpty()) {
                BudgetEffect e = ledger.reserve("c" + op[1] % 10, "s" + op[2] % 2, "r", Money.ofMinor(op[3], GBP),
                        t0.plusSeconds(clock), t0.plusSeconds(clock + op[3] % 50));
                e.reservationId().ifPresent(ids::add);
            } else if (kind == 1) {
                String id = ids.get(op[1] % ids.size());
                if (ledger.status(id).get() == BudgetLedger.Status.RESERVED) {
                    ledger.commit(id, Money.ofMinor(0, GBP));
                }
            } else if (kind == 2) {
                String id = ids.get(op[1] % ids.size());
                if (ledger.status(id).get() == BudgetLedger.Status.RESERVED) {
                    assertTrue(ledger.release(id));
                }
            } else {
                ledger.expire(t0.plusSeconds(clock));
            }
            for (BudgetState s : ledger.snapshot()) {
                assertTrue(!s.moneyLeft().orElseThrow().isNegative(), s.toString());
                assertTrue(!s.countLeft().isPresent() || s.countLeft().getAsLong() >= 0, s.toString());
                assertTrue(!s.reserved().isNegative() && s.reservedCount() >= 0);
            }
        }
        BudgetState total = ledger.state("total").orElseThrow();
        long live = ledger.statuses().values().stream().filter(s -> s != BudgetLedger.Status.RELEASED).count();
        assertEquals(live, total.reservedCount() + total.committedCount());
        long reserved = ledger.statuses().values().stream().filter(s -> s == BudgetLedger.Status.RESERVED).count();
        assertEquals(reserved, total.reservedCount());
    }
}
