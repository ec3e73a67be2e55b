package io.recall.spark.internal;

import io.recall.model.Money;
import io.recall.predict.BtydSummary;
import io.recall.predict.ClvTerms;
import io.recall.predict.GammaGammaModel;
import io.recall.predict.Horizon;
import io.recall.predict.LifetimeValue;
import io.recall.predict.PeriodUnit;
import io.recall.predict.PurchaseModel;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Optional;

/**
 * Scores the BTYD summaries of one partition with the core's models, rebuilt once per partition from
 * their broadcast JSON: P(alive), expected purchases over the horizon and CLV under the terms.
 */
public final class BtydScorePartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    private final Broadcast<String[]> json;
    private final int[] columns;
    private final String unit;
    private final double horizon;
    private final String horizonUnit;
    private final double period;
    private final String periodUnit;
    private final String discountRate;
    private final String margin;
    private final String rounding;

    /**
     * @param json    the purchase model's and the spend model's JSON
     * @param columns indexes of customer_id, x, t_x, T and mean_repeat_spend
     */
    public BtydScorePartition(Broadcast<String[]> json, int[] columns, PeriodUnit unit, Horizon horizon, ClvTerms terms) {
        this.json = json;
        this.columns = columns.clone();
        this.unit = unit.name();
        this.horizon = horizon.length();
        this.horizonUnit = horizon.unit().name();
        this.period = terms.discountPeriod().length();
        this.periodUnit = terms.discountPeriod().unit().name();
        this.discountRate = terms.discountRate().toPlainString();
        this.margin = terms.margin().toPlainString();
        this.rounding = terms.rounding().name();
        if (terms.horizon().length() != horizon.length() || terms.horizon().unit() != horizon.unit()) {
            throw new IllegalArgumentException("the CLV terms' horizon " + terms.horizon()
                    + " differs from the purchase horizon " + horizon);
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        String[] texts = json.value();
        PurchaseModel purchases = PurchaseModel.fromJson(texts[0]);
        GammaGammaModel spend = GammaGammaModel.fromJson(texts[1]);
        PeriodUnit summaryUnit = PeriodUnit.valueOf(unit);
        Horizon h = new Horizon(horizon, PeriodUnit.valueOf(horizonUnit));
        ClvTerms terms = new ClvTerms(h, new Horizon(period, PeriodUnit.valueOf(periodUnit)), new BigDecimal(discountRate),
                new BigDecimal(margin), RoundingMode.valueOf(rounding));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                Row row = input.next();
                int width = row.length();
                Object[] out = new Object[width + 3];
                for (int i = 0; i < width; i++) {
                    out[i] = row.get(i);
                }
                BigDecimal mean = row.isNullAt(columns[4]) ? null : row.getDecimal(columns[4]);
                BtydSummary summary = new BtydSummary(row.getString(columns[0]), row.getInt(columns[1]),
                        row.getDouble(columns[2]), row.getDouble(columns[3]), summaryUnit,
                        mean == null ? Optional.empty() : Optional.of(Money.of(mean, spend.currency())));
                out[width] = purchases.probabilityAlive(summary);
                out[width + 1] = purchases.expectedPurchases(h, summary);
                out[width + 2] = LifetimeValue.of(purchases, spend, summary, terms).amount();
                return RowFactory.create(out);
            }
        };
    }
}
