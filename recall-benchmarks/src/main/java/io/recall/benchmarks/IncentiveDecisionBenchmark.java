package io.recall.benchmarks;

import io.recall.incentive.BudgetEffect;
import io.recall.incentive.BudgetLedger;
import io.recall.incentive.BudgetState;
import io.recall.incentive.CustomerFacts;
import io.recall.incentive.Decision;
import io.recall.incentive.Grant;
import io.recall.incentive.IncentiveEngine;
import io.recall.model.Money;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.core.DefaultRulesEngine;
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

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Incentive decisions per second for a 20-rule set ({@link IncentiveRules20}), one thread, side by side:
 * <ul>
 *   <li>{@code recall}: {@code IncentiveEngine.decide} with a ledger that has no budgets (the decision alone:
 *       every rule tested, traced and explained on demand, the best offer selected);</li>
 *   <li>{@code recall-budgets}: the same with the in-memory {@code BudgetLedger} holding a money and a count
 *       budget, the grant released after each decision so the ledger stays the same size;</li>
 *   <li>{@code easyrules}: the same 20 rules as Easy Rules 4.1 lambda rules ({@code DefaultRulesEngine.fire}),
 *       the matches collected by the rules' actions and the same selection applied.</li>
 * </ul>
 * The customers are 4,096 seeded random fact sets across the seed4 segments; setup checks that both engines
 * choose the same rule for every one. The target: at least 1 M decisions/s and 10x Easy Rules.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl recall-benchmarks -am &amp;&amp; java -jar recall-benchmarks/target/benchmarks.jar IncentiveDecisionBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class IncentiveDecisionBenchmark {

    private static final int SIZE = 1 << 12;
    private static final int MASK = SIZE - 1;
    private static final Instant NOW = Instant.parse("2011-12-10T10:00:00Z");

    @Param({"recall", "recall-budgets", "easyrules"})
    String engine;

    private CustomerFacts[] customers;
    private IncentiveRules20 rules;
    private IncentiveEngine recall;
    private RulesEngine easy;
    private int index;

    @Setup(Level.Trial)
    public void setUp() {
        rules = new IncentiveRules20();
        customers = IncentiveRules20.customers(SIZE);
        BudgetLedger ledger = engine.equals("recall-budgets")
                ? BudgetLedger.of(IncentiveRules20.GBP, List.of(io.recall.incentive.Budget.ofMoney("total",
                Money.of("1000000.00", "GBP")).withCount(1_000_000)), 1_000_000)
                : new Unbudgeted();
        recall = IncentiveEngine.of(rules.recall, ledger, Clock.fixed(NOW, ZoneOffset.UTC));
        easy = new DefaultRulesEngine();
        int granted = 0;
        for (CustomerFacts c : customers) {
            Decision d = recall.decide(c);
            String r = d.grants().isEmpty() ? "" : d.grants().get(0).ruleId();
            String e = IncentiveRules20.decideWithEasyRules(easy, rules.easyRules, c);
            if (!r.equals(e)) {
                throw new IllegalStateException("engines disagree on " + c.customerId() + ": recall " + r + ", easy rules " + e);
            }
            granted += r.isEmpty() ? 0 : 1;
            d.grants().forEach(recall::cancel);
        }
        if (granted < SIZE / 4) {
            throw new IllegalStateException("only " + granted + " of " + SIZE + " customers get an offer");
        }
    }

    @Benchmark
    public Object decide() {
        CustomerFacts c = customers[index++ & MASK];
        if (engine.equals("easyrules")) {
            return IncentiveRules20.decideWithEasyRules(easy, rules.easyRules, c);
        }
        Decision d = recall.decide(c);
        if (engine.equals("recall-budgets")) {
            for (Grant g : d.grants()) {
                recall.cancel(g);
            }
        }
        return d;
    }

    /** A ledger without budgets: every reservation succeeds, nothing is kept. */
    static final class Unbudgeted implements BudgetLedger {
        @Override
        public BudgetEffect reserve(String customerId, String segmentId, String ruleId, Money amount, Instant now, Instant expiresAt) {
            return new BudgetEffect(Optional.of("unbudgeted"), amount, List.of(), Optional.empty(), "no budget");
        }

        @Override public boolean commit(String reservationId, Money actual) { return true; }
        @Override public boolean release(String reservationId) { return true; }
        @Override public int expire(Instant now) { return 0; }
        @Override public Optional<Status> status(String reservationId) { return Optional.empty(); }
        @Override public List<BudgetState> snapshot(Instant now) { return List.of(); }
        @Override public List<BudgetState> snapshot() { return List.of(); }
        @Override public Map<String, Status> statuses() { return Map.of(); }
    }
}
