package io.recall.generator;

/**
 * The parameters of the simulated shop, in one place so that the process described on
 * {@link ShopGenerator} can be read and tuned together.
 *
 * <p>Money thresholds are in whole units of the configured currency (the catalogue is priced as if in
 * pounds). Rates are per day. Changing any value changes the output of every seed.
 */
final class Calibration {

    private Calibration() {
    }

    // --- Acquisition -------------------------------------------------------------------------------

    /**
     * New customers arrive over the whole period, as in a real shop that keeps acquiring until today (so
     * recent one-time buyers, the "new" segment, exist); who stays and who lapses shows all along.
     */
    static final double ACQUISITION_SHARE = 1.0;

    /** Gift shopping in November and December brings half as many new customers again per day. */
    static final double PEAK_ACQUISITION_UPLIFT = 1.5;

    // --- Purchase rate: Pareto/NBD heterogeneity ---------------------------------------------------

    /** Shape r of the Gamma over purchase rates: below 1, most customers buy rarely and a few very often. */
    static final double RATE_SHAPE = 0.8;

    /** Rate α (in days) of that Gamma: the mean customer buys every α / r = 75 days while active. */
    static final double RATE_SCALE_DAYS = 60.0;

    /** Customers buy 30% more often in November and December (a mild peak, as in Online Retail II). */
    static final double PEAK_PURCHASE_UPLIFT = 1.3;

    // --- Drop-out: (M)BG/NBD -----------------------------------------------------------------------

    /**
     * Beta(a, b) over the chance of dropping out after a purchase, including the first: a = 1, b = 3 gives
     * a mean of 25%, so about a third of customers never come back, as in CDNOW and Online Retail.
     */
    static final double DROPOUT_A = 1.0;

    /** See {@link #DROPOUT_A}. */
    static final double DROPOUT_B = 3.0;

    // --- Spend: Gamma-Gamma ------------------------------------------------------------------------

    /** Shape p of an order's value around the customer's mean: p = 6 gives orders within about ±40% of it. */
    static final double SPEND_SHAPE_P = 6.0;

    /** Shape q of the Gamma over customers' scale ν: q = 3.8 keeps a heavy but finite tail of big spenders. */
    static final double SPEND_SHAPE_Q = 3.8;

    /** Rate γ of that Gamma: the mean order value is p·γ / (q − 1) = 60 currency units. */
    static final double SPEND_RATE_GAMMA = 28.0;

    // --- Baskets -----------------------------------------------------------------------------------

    /** An order has at most six lines. */
    static final int MAX_LINES = 6;

    /** Weights of planning 1 to 6 lines: small baskets are the most common, as in online retail. */
    static final double[] LINE_COUNT_WEIGHTS = {0.30, 0.25, 0.18, 0.12, 0.08, 0.07};

    /** Products drawn per line, of which the best fit to the value is kept: enough to fit, few enough to keep popularity. */
    static final int CANDIDATES_PER_LINE = 4;

    /** Draws per line before giving up on finding fitting products: bounds the work for tiny values. */
    static final int MAX_DRAWS_PER_LINE = 16;

    /** Weights of quantity 1, 2 and 3 on a line: most lines are a single unit. */
    static final double[] QUANTITY_WEIGHTS = {0.75, 0.18, 0.07};

    /** Each customer has two favourite categories ... */
    static final int FAVOURITE_CATEGORIES = 2;

    /** ... from which 60% of their lines come, so categories say something about a customer. */
    static final double FAVOURITE_SHARE = 0.6;

    /** Product popularity falls as 1 / rank^s, the long tail seen in retail sales. */
    static final double ZIPF_EXPONENT = 1.0;

    /** No line after the first may take a basket past 125% of the drawn order value. */
    static final double BASKET_OVERSHOOT = 1.25;

    /** Past its planned lines, a basket keeps growing until it reaches 90% of the drawn order value. */
    static final double BASKET_CLOSE_ENOUGH = 0.9;

    // --- Refunds -----------------------------------------------------------------------------------

    /** 4% of orders are refunded, within the 3-5% typical of general online retail. */
    static final double REFUND_RATE = 0.04;

    /** 30% of refunds are cancellations of the whole order; the rest return one line. */
    static final double CANCELLATION_SHARE = 0.3;

    /** A cancellation comes 10 minutes to 20 hours after the order: before it ships. */
    static final long CANCELLATION_MIN_SECONDS = 10 * 60;

    /** See {@link #CANCELLATION_MIN_SECONDS}. */
    static final long CANCELLATION_MAX_SECONDS = 20 * 60 * 60;

    /** A return comes 3 to 30 days after the order: delivery plus a typical return window. */
    static final double RETURN_MIN_DAYS = 3.0;

    /** See {@link #RETURN_MIN_DAYS}. */
    static final double RETURN_MAX_DAYS = 30.0;

    // --- Time of day -------------------------------------------------------------------------------

    /** Relative weight of each local hour 0-23 for placing an order: quiet nights, a lunch and an evening peak. */
    static final double[] HOUR_WEIGHTS = {
            1.0, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 4.0, 4.5,
            5.0, 5.0, 4.5, 4.5, 4.5, 5.0, 5.5, 6.5, 7.0, 6.5, 4.5, 2.5};

    // --- Profiles ----------------------------------------------------------------------------------

    /** 10% of customers live in China (Asia/Shanghai, zh-CN): the shop ships there. */
    static final double CHINESE_SHARE = 0.10;

    /** 2% live in New York: enough to exercise a zone far west of the shop. */
    static final double NEW_YORK_SHARE = 0.02;

    /** 60% of customers joined the loyalty programme. */
    static final double MEMBER_SHARE = 0.60;

    /** 90% gave a phone number; the rest only an e-mail address. */
    static final double PHONE_SHARE = 0.90;

    /** Weights of FEMALE, MALE, OTHER and UNSPECIFIED. */
    static final double[] GENDER_WEIGHTS = {0.52, 0.44, 0.01, 0.03};

    /** Customers are 18 to 73 years old at the start of the period ... */
    static final int MIN_AGE = 18;

    /** See {@link #MIN_AGE}. */
    static final int MAX_AGE = 73;

    /** ... with ages drawn from Beta(2, 2.5) over that span: a hump around 42. */
    static final double AGE_SHAPE_A = 2.0;

    /** See {@link #AGE_SHAPE_A}. */
    static final double AGE_SHAPE_B = 2.5;

    /** Members who spent this much net over the period are silver (about the top 30%) ... */
    static final long SILVER_FROM = 200;

    /** ... and this much gold (about the top tenth); the rest bronze. */
    static final long GOLD_FROM = 500;
}
