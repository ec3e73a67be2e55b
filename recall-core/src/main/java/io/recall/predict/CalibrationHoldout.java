package io.recall.predict;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A population split at a date: every customer's summary as of the end of calibration, and their
 * purchases in the holdout period that follows. Customers whose first purchase falls in the holdout
 * period are not part of the calibration cohort; they are counted, not silently dropped.
 *
 * @param calibrationEnd              the last day of calibration (purchases on it count)
 * @param holdoutEnd                  the last day of the holdout period
 * @param customers                   the calibration cohort, sorted by customer id
 * @param customersFirstSeenInHoldout customers whose first purchase is after {@code calibrationEnd}
 */
public record CalibrationHoldout(LocalDate calibrationEnd, LocalDate holdoutEnd, List<HoldoutSummary> customers,
                                 int customersFirstSeenInHoldout) {

    /** Validates the dates and copies the list. */
    public CalibrationHoldout {
        Objects.requireNonNull(calibrationEnd, "calibrationEnd");
        Objects.requireNonNull(holdoutEnd, "holdoutEnd");
        customers = List.copyOf(customers);
        if (holdoutEnd.isBefore(calibrationEnd)) {
            throw new IllegalArgumentException("holdout end " + holdoutEnd + " precedes calibration end " + calibrationEnd);
        }
        if (customersFirstSeenInHoldout < 0) {
            throw new IllegalArgumentException("customersFirstSeenInHoldout must be >= 0 but was " + customersFirstSeenInHoldout);
        }
    }

    /** The calibration summaries alone, in order: what a model is fitted on. */
    public List<BtydSummary> calibration() {
        return customers.stream().map(HoldoutSummary::calibration).toList();
    }
}
