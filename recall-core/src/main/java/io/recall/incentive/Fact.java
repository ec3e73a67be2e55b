package io.recall.incentive;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

/**
 * A number a rule condition can test, with its name in rule-set JSON.
 */
public enum Fact {
    /** The recency score. */
    R("r", false),
    /** The frequency score. */
    F("f", false),
    /** The monetary score. */
    M("m", false),
    /** The combined frequency-monetary score. */
    FM("fm", false),
    /** Whole days since the last purchase. */
    RECENCY_DAYS("recencyDays", false),
    /** Purchase occasions. */
    FREQUENCY("frequency", false),
    /** The monetary metric, in the rule set's currency. */
    MONETARY("monetary", true),
    /** Whole days since the first purchase. */
    TENURE_DAYS("tenureDays", false),
    /** The points balance. */
    POINTS("points", false),
    /** Open complaints. */
    UNRESOLVED_COMPLAINTS("unresolvedComplaints", false),
    /** P(alive), 0..1; a customer without a prediction fails the condition. */
    P_ALIVE("pAlive", false),
    /** Predicted lifetime value in the rule set's currency; a customer without one fails the condition. */
    CLV("clv", true),
    /** The share of spend (0..1) in one category; a category the customer never bought is 0. */
    CATEGORY_AFFINITY("categoryAffinity", false);

    private final String jsonName;
    private final boolean money;

    Fact(String jsonName, boolean money) {
        this.jsonName = jsonName;
        this.money = money;
    }

    /** The name in rule-set JSON. */
    public String jsonName() {
        return jsonName;
    }

    /** True for amounts of money (compared in the rule set's currency). */
    public boolean isMoney() {
        return money;
    }

    /** The fact by its JSON name. */
    public static Optional<Fact> byJsonName(String name) {
        for (Fact f : values()) {
            if (f.jsonName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** True for the facts that are whole numbers every customer has (scores, days, counts, points). */
    boolean isWhole() {
        return this != MONETARY && this != P_ALIVE && this != CLV && this != CATEGORY_AFFINITY;
    }

    /** The customer's value of a {@link #isWhole() whole} fact, without boxing it. */
    long wholeValueOf(CustomerFacts facts) {
        switch (this) {
            case R: return facts.score().r();
            case F: return facts.score().f();
            case M: return facts.score().m();
            case FM: return facts.score().fm();
            case RECENCY_DAYS: return facts.metrics().recencyDays();
            case FREQUENCY: return facts.metrics().frequency();
            case TENURE_DAYS: return facts.metrics().tenureDays();
            case POINTS: return facts.points();
            case UNRESOLVED_COMPLAINTS: return facts.unresolvedComplaints();
            default: throw new AssertionError(this);
        }
    }

    /** The customer's value, or empty when the fact is absent (no prediction). */
    Optional<BigDecimal> valueOf(CustomerFacts facts, String key, Currency currency) {
        switch (this) {
            case R: return Optional.of(BigDecimal.valueOf(facts.score().r()));
            case F: return Optional.of(BigDecimal.valueOf(facts.score().f()));
            case M: return Optional.of(BigDecimal.valueOf(facts.score().m()));
            case FM: return Optional.of(BigDecimal.valueOf(facts.score().fm()));
            case RECENCY_DAYS: return Optional.of(BigDecimal.valueOf(facts.metrics().recencyDays()));
            case FREQUENCY: return Optional.of(BigDecimal.valueOf(facts.metrics().frequency()));
            case MONETARY: return Optional.of(amount(facts.metrics().monetary(), currency));
            case TENURE_DAYS: return Optional.of(BigDecimal.valueOf(facts.metrics().tenureDays()));
            case POINTS: return Optional.of(BigDecimal.valueOf(facts.points()));
            case UNRESOLVED_COMPLAINTS: return Optional.of(BigDecimal.valueOf(facts.unresolvedComplaints()));
            case P_ALIVE: return facts.probabilityAlive();
            case CLV: return facts.lifetimeValue().map(m -> amount(m, currency));
            case CATEGORY_AFFINITY: return Optional.of(facts.categoryAffinity().getOrDefault(key, BigDecimal.ZERO));
            default: throw new AssertionError(this);
        }
    }

    private static BigDecimal amount(Money money, Currency currency) {
        if (!money.currency().equals(currency)) {
            throw new CurrencyMismatchException(currency, money.currency());
        }
        return money.amount();
    }
}
