package io.recall.incentive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues and redeems coupon codes: codes from {@link CouponCodes}, kept in a {@link CouponLedger}, "now" from
 * a clock. A code as typed is normalised and its check character verified before the ledger is asked, so a
 * typo is answered as {@link Redemption.Outcome#INVALID_CODE} with the reason, and never reaches another
 * customer's coupon.
 *
 * <pre>{@code
 * Coupons coupons = Coupons.of(CouponCodes.defaults(), stores.coupons(), Clock.systemUTC());
 * Coupon c = coupons.issue(CouponTerms.singleUse("winback-2024", "c42", Duration.ofDays(30)));
 * Redemption r = coupons.redeem(typedCode, "c42", "order-1001");   // r.isSuccess(); a repeat answers alike
 * }</pre>
 *
 * <p>Thread-safe when its ledger is (both shipped ones are).
 */
public final class Coupons {

    private static final int ATTEMPTS = 8;

    private final CouponCodes codes;
    private final CouponLedger ledger;
    private final Clock clock;

    private Coupons(CouponCodes codes, CouponLedger ledger, Clock clock) {
        this.codes = Objects.requireNonNull(codes, "codes");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Coupons made by {@code codes}, kept in {@code ledger}, timed by {@code clock}. */
    public static Coupons of(CouponCodes codes, CouponLedger ledger, Clock clock) {
        return new Coupons(codes, ledger, clock);
    }

    /** The ledger. */
    public CouponLedger ledger() {
        return ledger;
    }

    /**
     * Issues a new code with these terms, valid from now.
     *
     * @throws IllegalStateException when eight fresh codes in a row were taken (the code space is too small,
     *                               or the random source is not random)
     */
    public Coupon issue(CouponTerms terms) {
        Objects.requireNonNull(terms, "terms");
        Instant now = clock.instant();
        for (int i = 0; i < ATTEMPTS; i++) {
            Coupon c = new Coupon(codes.next(), terms.campaignId(), terms.customerId(), terms.maxRedemptions(),
                    terms.perCustomerLimit(), now, now.plus(terms.validFor()));
            if (ledger.issue(c)) {
                return c;
            }
        }
        throw new IllegalStateException(ATTEMPTS + " new codes in a row were already issued; check the random source");
    }

    /** The coupon a typed code names, if it is well formed and issued. */
    public Optional<CouponState> find(String typed) {
        CodeCheck check = codes.validate(typed);
        return check.isValid() ? ledger.find(check.code()) : Optional.empty();
    }

    /** Every order's use of the coupon a typed code names. */
    public List<CouponUse> uses(String typed) {
        CodeCheck check = codes.validate(typed);
        return check.isValid() ? ledger.uses(check.code()) : List.of();
    }

    /**
     * What redeeming now would answer, without writing anything: {@link Redemption.Outcome#REDEEMED} (message
     * "redeemable") when it would succeed, else the refusal. Advisory only: another order may take the coupon
     * before this one redeems it; {@link #redeem} is the guarded step.
     */
    public Redemption validate(String typed, String customerId, String orderId) {
        Instant now = clock.instant();
        CodeCheck check = codes.validate(typed);
        if (!check.isValid()) {
            return invalid(check, customerId, orderId, now);
        }
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(orderId, "orderId");
        Optional<CouponState> state = ledger.find(check.code());
        CouponUse use = null;
        int live = 0;
        for (CouponUse u : state.isPresent() ? ledger.uses(check.code()) : List.<CouponUse>of()) {
            if (u.orderId().equals(orderId)) {
                use = u;
            } else if (u.isLive() && u.customerId().equals(customerId)) {
                live++;
            }
        }
        Redemption r = CouponRules.decide(true, check.code(), state.orElse(null), use, live, customerId, orderId, now).answer();
        return r.outcome() == Redemption.Outcome.REDEEMED && (use == null || use.state() != CouponUse.State.REDEEMED)
                ? new Redemption(r.code(), orderId, customerId, Redemption.Outcome.REDEEMED, now, "redeemable") : r;
    }

    /** Holds a redemption for an order at checkout for {@code hold}; see {@link CouponLedger#reserve}. */
    public Redemption reserve(String typed, String customerId, String orderId, Duration hold) {
        Instant now = clock.instant();
        CodeCheck check = codes.validate(typed);
        if (!check.isValid()) {
            return invalid(check, customerId, orderId, now);
        }
        return ledger.reserve(check.code(), customerId, orderId, now.plus(hold), now);
    }

    /** Redeems for an order; idempotent per order. See {@link CouponLedger#redeem}. */
    public Redemption redeem(String typed, String customerId, String orderId) {
        Instant now = clock.instant();
        CodeCheck check = codes.validate(typed);
        if (!check.isValid()) {
            return invalid(check, customerId, orderId, now);
        }
        return ledger.redeem(check.code(), customerId, orderId, now);
    }

    /** Gives back an order's reservation; see {@link CouponLedger#release}. */
    public boolean release(String typed, String orderId) {
        CodeCheck check = codes.validate(typed);
        return check.isValid() && ledger.release(check.code(), orderId, clock.instant());
    }

    /** Withdraws a coupon; see {@link CouponLedger#revoke}. */
    public boolean revoke(String typed) {
        CodeCheck check = codes.validate(typed);
        return check.isValid() && ledger.revoke(check.code(), clock.instant());
    }

    /** Expires coupons and reservations due by now; see {@link CouponLedger#expire}. */
    public int expire() {
        return ledger.expire(clock.instant());
    }

    private static Redemption invalid(CodeCheck check, String customerId, String orderId, Instant now) {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(orderId, "orderId");
        return new Redemption(check.code(), orderId, customerId, Redemption.Outcome.INVALID_CODE, now, check.message());
    }
}
