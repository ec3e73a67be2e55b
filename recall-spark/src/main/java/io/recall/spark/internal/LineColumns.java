package io.recall.spark.internal;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/** Names and types of the columns Recall adds to order lines and uses between its stages. */
public final class LineColumns {

    private LineColumns() {
    }

    /** Amounts travel as decimal(38, 18): exact for any amount below 10^20 with at most 18 decimals. */
    public static final int AMOUNT_SCALE = 18;
    /** The type of every amount column. */
    public static final DecimalType AMOUNT_TYPE = DataTypes.createDecimalType(38, AMOUNT_SCALE);

    /** The reject reason's code, e.g. {@code missing-customer-id}; null on an accepted line. */
    public static final String REJECT_REASON = "reject_reason";
    /** What was found, e.g. {@code amount "-3"}. */
    public static final String REJECT_DETAIL = "reject_detail";

    // Accepted lines, after normalisation.
    public static final String CUSTOMER_ID = "customer_id";
    /** The order id of a purchase line, the refund id of a refund line. */
    public static final String LINE_ID = "line_id";
    /** The order of a purchase line; the refunded order (or null) of a refund line. */
    public static final String ORDER_ID = "order_id";
    public static final String REFUND = "refund";
    public static final String EPOCH_MICROS = "epoch_micros";
    /** Floor of the instant in seconds, as the core's accumulators use it. */
    public static final String EPOCH_SECOND = "epoch_second";
    public static final String AMOUNT = "amount";

    /** Prefix of the normalised columns while they travel beside the input's own. */
    public static final String PREFIX = "__recall_";

    /** The normalised columns in order, with their types. */
    public static final String[] NORMALISED = {CUSTOMER_ID, LINE_ID, ORDER_ID, REFUND, EPOCH_MICROS, EPOCH_SECOND,
            AMOUNT};
    public static final DataType[] NORMALISED_TYPES = {DataTypes.StringType, DataTypes.StringType,
            DataTypes.StringType, DataTypes.BooleanType, DataTypes.LongType, DataTypes.LongType, AMOUNT_TYPE};
}
