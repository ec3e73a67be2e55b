package io.recall.incentive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The points ledgers' rules as pure functions over an account's lines, so the in-memory and JDBC ledgers
 * decide alike: replaying the lines in order gives what is left of each earned lot (a redemption takes from
 * the earliest-earned lots spendable at its moment), and each operation is decided over that.
 */
final class PointsBook {

    private PointsBook() {
    }

    /** What is left of one earning. */
    static final class Lot {
        final PointsEntry earned;
        long left;

        Lot(PointsEntry earned) {
            this.earned = earned;
            this.left = earned.points();
        }

        boolean spendableAt(Instant t) {
            return !earned.availableAt().isAfter(t) && earned.expiresAt().isAfter(t);
        }
    }

    static Map<String, Lot> replay(List<PointsEntry> entries) {
        Map<String, Lot> lots = new LinkedHashMap<>();
        for (PointsEntry e : entries) {
            switch (e.kind()) {
                case EARNED:
                    lots.put(e.operationId(), new Lot(e));
                    break;
                case REDEEMED:
                    long need = -e.points();
                    for (Lot l : lots.values()) {
                        if (need == 0) {
                            break;
                        }
                        if (l.left > 0 && l.spendableAt(e.at())) {
                            long take = Math.min(need, l.left);
                            l.left -= take;
                            need -= take;
                        }
                    }
                    if (need != 0) {
                        throw new IllegalStateException("points ledger of " + e.customerId() + " spends more than it holds at "
                                + e.operationId());
                    }
                    break;
                default:
                    Lot l = lots.get(e.lot().orElseThrow());
                    if (l == null || l.left + e.points() < 0) {
                        throw new IllegalStateException("points ledger of " + e.customerId() + " removes more than lot "
                                + e.lot().get() + " holds at " + e.operationId());
                    }
                    l.left += e.points();
            }
        }
        return lots;
    }

    static PointsBalance balance(List<PointsEntry> entries, Instant now) {
        long available = 0;
        long pending = 0;
        long lapsed = 0;
        for (Lot l : replay(entries).values()) {
            if (l.earned.availableAt().isAfter(now)) {
                pending += l.left;
            } else if (l.earned.expiresAt().isAfter(now)) {
                available += l.left;
            } else {
                lapsed += l.left;
            }
        }
        return new PointsBalance(available, pending, lapsed);
    }

    /** The answer and the lines to append (none for a refusal or a repeat). */
    record Step(PointsResult result, List<PointsEntry> write) {
    }

    static Step earn(List<PointsEntry> entries, PointsEntry wanted) {
        return repeatOr(entries, wanted, () -> applied(wanted));
    }

    static Step redeem(List<PointsEntry> entries, String customerId, String operationId, long points, Instant now) {
        if (points <= 0) {
            throw new IllegalArgumentException("points to redeem must be > 0 but were " + points);
        }
        PointsEntry wanted = new PointsEntry(customerId, operationId, PointsEntry.Kind.REDEEMED, -points, now, now, now,
                Optional.empty());
        return repeatOr(entries, wanted, () -> {
            long spendable = 0;
            for (Lot l : replay(entries).values()) {
                spendable += l.spendableAt(now) ? l.left : 0;
            }
            if (spendable < points) {
                return refused(customerId, operationId, PointsResult.Outcome.INSUFFICIENT, customerId + " has " + spendable
                        + " spendable points, " + points + " asked for");
            }
            return applied(wanted);
        });
    }

    static Step reverse(List<PointsEntry> entries, String customerId, String operationId, String lot, Instant now) {
        Objects.requireNonNull(lot, "earnOperationId");
        Lot l = replay(entries).get(lot);
        long left = l == null ? 0 : l.left;
        PointsEntry wanted = new PointsEntry(customerId, operationId, PointsEntry.Kind.REVERSED, -Math.max(left, 1), now, now, now,
                Optional.of(lot));
        Optional<PointsEntry> before = find(entries, operationId);
        if (before.isPresent()) {
            return before.get().kind() == PointsEntry.Kind.REVERSED && before.get().lot().equals(wanted.lot())
                    ? new Step(appliedResult(before.get()), List.of()) : conflict(customerId, operationId, before.get());
        }
        if (l == null || left == 0 || !l.earned.availableAt().isAfter(now)) {
            return refused(customerId, operationId, PointsResult.Outcome.NOT_REVERSIBLE, l == null ? "no points were earned by "
                    + lot : left == 0 ? "nothing is left of the points earned by " + lot
                    : "the points earned by " + lot + " became spendable at " + l.earned.availableAt());
        }
        return applied(wanted);
    }

    static List<PointsEntry> expiries(List<PointsEntry> entries, String customerId, Instant now) {
        List<PointsEntry> out = new ArrayList<>();
        for (Lot l : replay(entries).values()) {
            if (l.left > 0 && !l.earned.expiresAt().isAfter(now)) {
                out.add(new PointsEntry(customerId, "expire:" + l.earned.operationId(), PointsEntry.Kind.EXPIRED, -l.left,
                        now, now, now, Optional.of(l.earned.operationId())));
            }
        }
        return out;
    }

    private interface Decide {
        Step get();
    }

    private static Step repeatOr(List<PointsEntry> entries, PointsEntry wanted, Decide otherwise) {
        Optional<PointsEntry> before = find(entries, wanted.operationId());
        if (before.isEmpty()) {
            return otherwise.get();
        }
        PointsEntry b = before.get();
        boolean same = b.kind() == wanted.kind() && b.points() == wanted.points() && (wanted.kind() != PointsEntry.Kind.EARNED
                || (b.at().equals(wanted.at()) && b.availableAt().equals(wanted.availableAt())
                && b.expiresAt().equals(wanted.expiresAt())));
        return same ? new Step(appliedResult(b), List.of()) : conflict(wanted.customerId(), wanted.operationId(), b);
    }

    private static Optional<PointsEntry> find(List<PointsEntry> entries, String operationId) {
        for (PointsEntry e : entries) {
            if (e.operationId().equals(operationId)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static Step applied(PointsEntry e) {
        return new Step(appliedResult(e), List.of(e));
    }

    private static PointsResult appliedResult(PointsEntry e) {
        return new PointsResult(e.customerId(), e.operationId(), PointsResult.Outcome.APPLIED, Optional.of(e), "applied");
    }

    private static Step conflict(String customerId, String operationId, PointsEntry before) {
        return refused(customerId, operationId, PointsResult.Outcome.CONFLICT, "operation " + operationId + " was "
                + before.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + Math.abs(before.points())
                + " points at " + before.at() + "; an operation id is used once");
    }

    private static Step refused(String customerId, String operationId, PointsResult.Outcome o, String message) {
        return new Step(new PointsResult(customerId, operationId, o, Optional.empty(), message), List.of());
    }
}
