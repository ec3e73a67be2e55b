package io.recall.spark.internal;

import org.apache.spark.sql.api.java.UDF3;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The monetary metric in minor units from a customer's gross purchases, refunds and frequency, with the
 * core's arithmetic: exact decimals, one half-even rounding at the end (Spark's decimal division would
 * round to 6 places first, and a second rounding can differ from the core's).
 */
public final class Monetary implements UDF3<BigDecimal, BigDecimal, Integer, Long> {

    private static final long serialVersionUID = 1L;
    private final int digits;
    private final boolean average;

    public Monetary(int digits, boolean average) {
        this.digits = digits;
        this.average = average;
    }

    @Override
    public Long call(BigDecimal gross, BigDecimal refunded, Integer frequency) {
        BigDecimal net = gross.subtract(refunded == null ? BigDecimal.ZERO : refunded);
        BigDecimal monetary = average
                ? net.divide(BigDecimal.valueOf(frequency), digits, RoundingMode.HALF_EVEN)
                : net.setScale(digits, RoundingMode.HALF_EVEN);
        return monetary.unscaledValue().longValueExact();
    }
}
