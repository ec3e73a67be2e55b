package io.recall.benchmarks;

import io.recall.rfm.ScoringModel;

import java.math.RoundingMode;
import java.util.List;

/**
 * The fitted upper-bound thresholds of each dimension (4 for quintiles), as plain numbers so that two
 * engines' results compare with {@code equals}.
 *
 * @param recencyDays        recency thresholds in days
 * @param frequency          frequency thresholds in purchase occasions
 * @param monetaryMinorUnits monetary thresholds in pence
 */
record Thresholds(List<Long> recencyDays, List<Long> frequency, List<Long> monetaryMinorUnits) {

    Thresholds {
        recencyDays = List.copyOf(recencyDays);
        frequency = List.copyOf(frequency);
        monetaryMinorUnits = List.copyOf(monetaryMinorUnits);
    }

    static Thresholds of(ScoringModel model) {
        return new Thresholds(
                model.recencyThresholds().stream().map(Integer::longValue).toList(),
                model.frequencyThresholds().stream().map(Integer::longValue).toList(),
                model.monetaryThresholds().stream().map(m -> m.toMinorUnits(RoundingMode.UNNECESSARY)).toList());
    }
}
