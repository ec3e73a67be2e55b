package io.recall.predict;

import java.math.BigDecimal;
import java.math.MathContext;

/** Helpers for comparing with published values. */
final class Golden {

    private Golden() {
    }

    /** The value rounded to {@code digits} significant digits, half-up as the papers round. */
    static double significant(double value, int digits) {
        return new BigDecimal(value).round(new MathContext(digits, java.math.RoundingMode.HALF_UP)).doubleValue();
    }
}
