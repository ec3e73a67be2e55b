package io.recall.spark.internal;

import io.recall.model.Money;
import org.apache.spark.sql.api.java.UDF2;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * z̄, the mean spend of the repeat purchases, as the core's {@code BtydAggregator} computes it: the exact
 * sum divided by x to 16 significant digits ({@code DECIMAL64}), as money; null when x = 0.
 */
public final class MeanSpend implements UDF2<BigDecimal, Integer, BigDecimal> {

    private static final long serialVersionUID = 1L;
    private final String currency;

    public MeanSpend(Currency currency) {
        this.currency = currency.getCurrencyCode();
    }

    @Override
    public BigDecimal call(BigDecimal repeatSpend, Integer repeatPurchases) {
        if (repeatPurchases == 0) {
            return null;
        }
        BigDecimal mean = Money.of(repeatSpend.divide(BigDecimal.valueOf(repeatPurchases), MathContext.DECIMAL64),
                Currency.getInstance(currency)).amount();
        // decimal(38, 18) holds the 16 digits of any mean of at least a hundredth of a unit exactly.
        return mean.setScale(LineColumns.AMOUNT_SCALE, RoundingMode.HALF_EVEN);
    }
}
