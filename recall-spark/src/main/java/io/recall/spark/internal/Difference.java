package io.recall.spark.internal;

import org.apache.spark.sql.api.java.UDF2;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * a − b (b may be null: 0) as decimal(38, 18), exactly: Spark's decimal(38, 18) subtraction widens the
 * precision past 38 and drops a decimal.
 */
public final class Difference implements UDF2<BigDecimal, BigDecimal, BigDecimal> {

    private static final long serialVersionUID = 1L;

    @Override
    public BigDecimal call(BigDecimal a, BigDecimal b) {
        if (a == null) {
            return null;
        }
        return (b == null ? a : a.subtract(b)).setScale(LineColumns.AMOUNT_SCALE, RoundingMode.UNNECESSARY);
    }
}
