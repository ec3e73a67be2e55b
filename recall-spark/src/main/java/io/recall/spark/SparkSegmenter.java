package io.recall.spark;

import io.recall.rfm.ScoringModel;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;
import io.recall.spark.internal.ClassifyPartition;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Classifies every customer of a metrics dataset on the executors with the core's {@link Segmenter}: the
 * model and the scheme travel as their JSON in one broadcast, so each executor classifies exactly as the
 * web tier does with the same JSON. Immutable.
 */
public final class SparkSegmenter {

    /** The R score column added by {@link #classify}. */
    public static final String R = "r";
    /** The F score column. */
    public static final String F = "f";
    /** The M score column. */
    public static final String M = "m";
    /** The three-digit score code, e.g. {@code 545}. */
    public static final String RFM_CODE = "rfm_code";
    /** The segment id, e.g. {@code champions}. */
    public static final String SEGMENT = "segment";

    private final ScoringModel model;
    private final SegmentScheme scheme;

    private SparkSegmenter(ScoringModel model, SegmentScheme scheme) {
        // Fails here, on the driver, for a scheme that does not fit the model.
        Segmenter.of(model, scheme);
        this.model = model;
        this.scheme = scheme;
    }

    /**
     * A segmenter for a model and a scheme with the same number of levels.
     *
     * @throws IllegalArgumentException when the levels or the currencies differ
     */
    public static SparkSegmenter of(ScoringModel model, SegmentScheme scheme) {
        return new SparkSegmenter(Objects.requireNonNull(model, "model"), Objects.requireNonNull(scheme, "scheme"));
    }

    /** The model. */
    public ScoringModel model() {
        return model;
    }

    /** The scheme. */
    public SegmentScheme scheme() {
        return scheme;
    }

    /**
     * The metrics with {@code r}, {@code f}, {@code m}, {@code rfm_code} and {@code segment} added. Lazy.
     *
     * @param metrics rows with {@code recency_days}, {@code frequency}, {@code monetary_minor} and
     *                {@code tenure_days} as {@link SparkRfm#metrics} makes them
     * @throws IllegalArgumentException naming a missing column, before any job runs
     */
    public Dataset<Row> classify(Dataset<Row> metrics) {
        Objects.requireNonNull(metrics, "metrics");
        StructType schema = metrics.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String needed : List.of(SparkRfm.RECENCY_DAYS, SparkRfm.FREQUENCY, SparkRfm.MONETARY_MINOR,
                SparkRfm.TENURE_DAYS)) {
            if (!names.contains(needed)) {
                throw new IllegalArgumentException("the metrics have no column \"" + needed + "\"; their columns are "
                        + names);
            }
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(metrics.sparkSession().sparkContext());
        Broadcast<String[]> json = context.broadcast(new String[]{model.toJson(), scheme.toJson()});
        StructType out = schema.add(R, DataTypes.IntegerType, false).add(F, DataTypes.IntegerType, false)
                .add(M, DataTypes.IntegerType, false).add(RFM_CODE, DataTypes.StringType, false)
                .add(SEGMENT, DataTypes.StringType, false);
        return metrics.mapPartitions(new ClassifyPartition(json, names.indexOf(SparkRfm.RECENCY_DAYS),
                names.indexOf(SparkRfm.FREQUENCY), names.indexOf(SparkRfm.MONETARY_MINOR),
                names.indexOf(SparkRfm.TENURE_DAYS)), Encoders.row(out));
    }
}
