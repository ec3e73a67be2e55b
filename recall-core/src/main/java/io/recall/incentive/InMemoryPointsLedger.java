package io.recall.incentive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Points accounts in memory, under one lock. */
final class InMemoryPointsLedger implements PointsLedger {

    private final Map<String, List<PointsEntry>> accounts = new HashMap<>();

    @Override
    public synchronized PointsResult earn(String customerId, String operationId, long points, Instant at,
                                          Instant availableAt, Instant expiresAt) {
        PointsEntry wanted = new PointsEntry(customerId, operationId, PointsEntry.Kind.EARNED, points, at, availableAt,
                expiresAt, Optional.empty());
        return apply(customerId, PointsBook.earn(lines(customerId), wanted));
    }

    @Override
    public synchronized PointsResult redeem(String customerId, String operationId, long points, Instant now) {
        return apply(customerId, PointsBook.redeem(lines(customerId), customerId, operationId, points,
                Objects.requireNonNull(now, "now")));
    }

    @Override
    public synchronized PointsResult reverse(String customerId, String operationId, String earnOperationId, Instant now) {
        return apply(customerId, PointsBook.reverse(lines(customerId), customerId, operationId, earnOperationId,
                Objects.requireNonNull(now, "now")));
    }

    @Override
    public synchronized int expire(String customerId, Instant now) {
        List<PointsEntry> write = PointsBook.expiries(lines(customerId), customerId, Objects.requireNonNull(now, "now"));
        accounts.computeIfAbsent(customerId, k -> new ArrayList<>()).addAll(write);
        return write.size();
    }

    @Override
    public synchronized PointsBalance balance(String customerId, Instant now) {
        return PointsBook.balance(lines(customerId), Objects.requireNonNull(now, "now"));
    }

    @Override
    public synchronized List<PointsEntry> entries(String customerId) {
        return List.copyOf(lines(customerId));
    }

    private List<PointsEntry> lines(String customerId) {
        return accounts.getOrDefault(Objects.requireNonNull(customerId, "customerId"), List.of());
    }

    private PointsResult apply(String customerId, PointsBook.Step step) {
        if (!step.write().isEmpty()) {
            accounts.computeIfAbsent(customerId, k -> new ArrayList<>()).addAll(step.write());
        }
        return step.result();
    }
}
