package io.recall.incentive;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a points account's append-only ledger. The balance is always the sum of the lines' points.
 *
 * @param customerId  the account
 * @param operationId the caller's id for the operation; unique per account (a repeat changes nothing)
 * @param kind        what happened
 * @param points      signed: positive for earning, negative for the rest
 * @param at          when
 * @param availableAt for earned points, when they become spendable (the return window closes); else {@code at}
 * @param expiresAt   for earned points, the first instant they are no longer spendable; else {@code at}
 * @param lot         for expiry and reversal, the operation id of the earned points they remove
 */
public record PointsEntry(String customerId, String operationId, Kind kind, long points, Instant at, Instant availableAt,
                          Instant expiresAt, Optional<String> lot) {

    /** What a line records. */
    public enum Kind {
        /** Points earned (pending until available). */
        EARNED,
        /** Points spent, taken from the oldest spendable earned points first. */
        REDEEMED,
        /** Earned points that reached their expiry unspent. */
        EXPIRED,
        /** Pending points taken back (the order was returned within its return window). */
        REVERSED
    }

    /** Validates. */
    public PointsEntry {
        Coupon.requireText(customerId, "customerId", 255);
        Coupon.requireText(operationId, "operationId", 255);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(availableAt, "availableAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lot, "lot");
        if ((kind == Kind.EARNED) != (points > 0)) {
            throw new IllegalArgumentException(kind + " of " + operationId + " must have " + (kind == Kind.EARNED ? "positive"
                    : "negative") + " points but had " + points);
        }
        if (kind == Kind.EARNED && !expiresAt.isAfter(availableAt)) {
            throw new IllegalArgumentException("points of " + operationId + " expire at " + expiresAt
                    + ", not after they become available at " + availableAt);
        }
        if (lot.isPresent() != (kind == Kind.EXPIRED || kind == Kind.REVERSED)) {
            throw new IllegalArgumentException("exactly expiries and reversals name the earned points they remove");
        }
    }
}
