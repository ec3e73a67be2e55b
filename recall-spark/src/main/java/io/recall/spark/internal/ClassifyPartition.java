package io.recall.spark.internal;

import io.recall.rfm.RfmScore;
import io.recall.rfm.ScoringModel;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.Iterator;

/**
 * Classifies the metrics rows of one partition with the core's {@link Segmenter}, rebuilt once per
 * partition from the broadcast JSON of the model and the scheme (the same text the web tier loads).
 */
public final class ClassifyPartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    private final Broadcast<String[]> json;
    private final int recency;
    private final int frequency;
    private final int monetary;
    private final int tenure;

    /** @param json the model's and the scheme's JSON */
    public ClassifyPartition(Broadcast<String[]> json, int recency, int frequency, int monetary, int tenure) {
        this.json = json;
        this.recency = recency;
        this.frequency = frequency;
        this.monetary = monetary;
        this.tenure = tenure;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        String[] texts = json.value();
        Segmenter segmenter = Segmenter.of(ScoringModel.fromJson(texts[0]), SegmentScheme.fromJson(texts[1]));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                Row row = input.next();
                int width = row.length();
                Object[] out = new Object[width + 5];
                for (int i = 0; i < width; i++) {
                    out[i] = row.get(i);
                }
                int days = row.getInt(recency);
                int occasions = row.getInt(frequency);
                long money = row.getLong(monetary);
                RfmScore score = segmenter.score(days, occasions, money);
                out[width] = score.r();
                out[width + 1] = score.f();
                out[width + 2] = score.m();
                out[width + 3] = score.code();
                out[width + 4] = segmenter.classify(days, occasions, money, row.getInt(tenure)).id();
                return RowFactory.create(out);
            }
        };
    }
}
