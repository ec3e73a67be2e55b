package io.recall.incentive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The coupon ledger in memory: one lock, so each step is atomic. */
final class InMemoryCouponLedger implements CouponLedger {

    private final Map<String, CouponState> coupons = new HashMap<>();
    private final Map<String, TreeMap<String, CouponUse>> uses = new HashMap<>();

    @Override
    public synchronized boolean issue(Coupon coupon) {
        Objects.requireNonNull(coupon, "coupon");
        if (coupons.containsKey(coupon.code())) {
            return false;
        }
        coupons.put(coupon.code(), new CouponState(coupon, CouponState.Status.ACTIVE, 0, 0));
        uses.put(coupon.code(), new TreeMap<>());
        return true;
    }

    @Override
    public synchronized Optional<CouponState> find(String code) {
        return Optional.ofNullable(coupons.get(Objects.requireNonNull(code, "code")));
    }

    @Override
    public synchronized List<CouponUse> uses(String code) {
        TreeMap<String, CouponUse> u = uses.get(Objects.requireNonNull(code, "code"));
        return u == null ? List.of() : List.copyOf(u.values());
    }

    @Override
    public Redemption reserve(String code, String customerId, String orderId, Instant holdUntil, Instant now) {
        return step(false, code, customerId, orderId, Objects.requireNonNull(holdUntil, "holdUntil"), now);
    }

    @Override
    public Redemption redeem(String code, String customerId, String orderId, Instant now) {
        return step(true, code, customerId, orderId, null, now);
    }

    private synchronized Redemption step(boolean redeem, String code, String customerId, String orderId,
                                         Instant holdUntil, Instant now) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(now, "now");
        CouponState state = coupons.get(code);
        TreeMap<String, CouponUse> mine = uses.get(code);
        CouponUse use = mine == null ? null : mine.get(orderId);
        int live = 0;
        if (mine != null) {
            for (CouponUse u : mine.values()) {
                if (u.isLive() && u.customerId().equals(customerId) && !u.orderId().equals(orderId)) {
                    live++;
                }
            }
        }
        CouponRules.Step s = CouponRules.decide(redeem, code, state, use, live, customerId, orderId, now);
        switch (s.action()) {
            case TAKE:
                mine.put(orderId, new CouponUse(code, orderId, customerId,
                        redeem ? CouponUse.State.REDEEMED : CouponUse.State.RESERVED, now, redeem ? now : holdUntil));
                coupons.put(code, new CouponState(state.coupon(), state.status(), state.reserved() + (redeem ? 0 : 1),
                        state.redeemed() + (redeem ? 1 : 0)));
                break;
            case CONVERT:
                mine.put(orderId, new CouponUse(code, orderId, customerId, CouponUse.State.REDEEMED, now, now));
                coupons.put(code, new CouponState(state.coupon(), state.status(), state.reserved() - 1, state.redeemed() + 1));
                break;
            default:
                break;
        }
        return s.answer();
    }

    @Override
    public synchronized boolean release(String code, String orderId, Instant now) {
        Objects.requireNonNull(now, "now");
        TreeMap<String, CouponUse> mine = uses.get(Objects.requireNonNull(code, "code"));
        CouponUse use = mine == null ? null : mine.get(Objects.requireNonNull(orderId, "orderId"));
        if (use == null || use.state() == CouponUse.State.RELEASED) {
            return false;
        }
        if (use.state() == CouponUse.State.REDEEMED) {
            throw new IllegalStateException("order " + orderId + " redeemed coupon " + code + "; a redemption cannot be released");
        }
        mine.put(orderId, new CouponUse(code, orderId, use.customerId(), CouponUse.State.RELEASED, now, use.holdUntil()));
        CouponState s = coupons.get(code);
        coupons.put(code, new CouponState(s.coupon(), s.status(), s.reserved() - 1, s.redeemed()));
        return true;
    }

    @Override
    public synchronized boolean revoke(String code, Instant now) {
        Objects.requireNonNull(now, "now");
        CouponState s = coupons.get(Objects.requireNonNull(code, "code"));
        if (s == null || s.status() != CouponState.Status.ACTIVE) {
            return false;
        }
        coupons.put(code, new CouponState(s.coupon(), CouponState.Status.REVOKED, s.reserved(), s.redeemed()));
        return true;
    }

    @Override
    public synchronized int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        int n = 0;
        for (CouponState s : new ArrayList<>(coupons.values())) {
            if (s.status() == CouponState.Status.ACTIVE && !s.coupon().expiresAt().isAfter(now)) {
                coupons.put(s.coupon().code(), new CouponState(s.coupon(), CouponState.Status.EXPIRED, s.reserved(), s.redeemed()));
                n++;
            }
        }
        for (TreeMap<String, CouponUse> mine : uses.values()) {
            for (CouponUse u : new ArrayList<>(mine.values())) {
                if (u.state() == CouponUse.State.RESERVED && !u.holdUntil().isAfter(now)) {
                    release(u.code(), u.orderId(), now);
                    n++;
                }
            }
        }
        return n;
    }
}
