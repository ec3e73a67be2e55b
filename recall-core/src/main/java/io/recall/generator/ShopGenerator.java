package io.recall.generator;

import io.recall.model.Customer;
import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.Refund;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generates a seeded, realistic shop: customers with profiles and purchase histories.
 *
 * <p>It is the built-in data of the demo and the CLI, and a simulated shop for measuring campaigns.
 * The output is a pure function of the settings: the same settings give equal customers on every run
 * and every JVM with the same time-zone rules (the draws use their own fully specified generator and
 * {@link StrictMath}), and customer {@code i} (id {@code C} and {@code i} zero-padded to six digits) is the
 * same whatever the number of customers, because each customer draws from its own random stream
 * derived from the seed and {@code i}. Instances are immutable and thread-safe; {@link #stream()} may
 * even run in parallel and still yields the same customers in the same order.
 *
 * <h2>The process</h2>
 * <p>Each customer of the period {@code [start, end)} (local days in the shop's zone) is simulated alone:
 * <ol>
 *   <li><b>Acquisition.</b> The first purchase falls uniformly in the first 60% of the period, 1.5 times
 *       as likely per day in November and December.</li>
 *   <li><b>Repeat purchases</b> follow the (M)BG/NBD model that customer-base analysis fits to real shops:
 *       the customer's purchase rate λ ~ Gamma(r = 0.8, α = 60 days), so the mean customer buys every
 *       75 days while active and most buy far less often; after every purchase, the first included,
 *       the customer drops out for good with a probability p ~ Beta(1, 3) of their own (mean 25%).
 *       While active, purchases arrive as a Poisson process at rate λ, 1.3 λ in November and December.
 *       The result is skewed as real data is: many one-time buyers, a few with ten or more orders, and
 *       customers who have lapsed by the end.</li>
 *   <li><b>Spend</b> follows the Gamma-Gamma model: the customer's scale ν ~ Gamma(q = 3.8, γ = 28) and
 *       each order's value ~ Gamma(p = 6, ν), a mean order of about 60 currency units varying between
 *       customers far more than within one. The value becomes 1 to 6 lines from a fixed catalogue of 200
 *       products in 12 categories (home, kitchen, garden, toys, stationery, fashion, beauty, electronics,
 *       grocery, pets, books, sports) with Zipf-like popularity, 60% of lines from the customer's two
 *       favourite categories, quantity 1 (75%), 2 or 3. Each line keeps, of four products drawn by
 *       popularity, the one that best fits its share of the value, so the exact total comes close to the
 *       drawn value (within a few percent on average; orders of several hundred units come out smaller,
 *       as six lines of the catalogue's products rarely reach them).</li>
 *   <li><b>Refunds.</b> 4% of orders are refunded. A repeat order's refund is in 30% of cases a
 *       cancellation of the whole order 10 minutes to 20 hours later (a first order is never cancelled,
 *       so every customer bought something); otherwise, and always for a first order, it is a return of
 *       part or all of one line 3 to 30 days later.
 *       Each refund names its order; one that would fall at or after the end is left out, as it has
 *       not happened yet.</li>
 *   <li><b>Time of day</b> follows an hourly profile (quiet nights, lunch and evening peaks) in the
 *       customer's own zone, on the shop-zone day the purchase falls on.</li>
 *   <li><b>Profile.</b> About 10% of customers live in Asia/Shanghai and write zh-CN (Chinese names,
 *       +86 138 phones), 2% in America/New_York, the rest in the shop's zone; the non-Chinese write
 *       en-GB and have English names and UK phone numbers from Ofcom's drama ranges. 90% gave a phone.
 *       Every customer has one e-mail address at a reserved example domain, unique by customer number;
 *       a birth year making them 18 to 73 at the start; a gender. 60% are loyalty members with an id
 *       {@code M} and eight digits and a tier by net spend over the period: bronze, silver from 200,
 *       gold from 500 currency units.</li>
 * </ol>
 * All amounts are exact: catalogue prices (two decimals, rounded half-even to the currency's minor
 * unit) times whole quantities, in the configured currency. Doubles are used only for the random draws.
 *
 * <p>Example: {@code ShopGenerator.newBuilder().seed(7).customers(1_000).build().generate()}.
 */
public final class ShopGenerator {

    // Birth years are drawn back from the start year, and the model rejects those before 1880.
    private static final LocalDate EARLIEST_START = LocalDate.of(1970, 1, 1);
    private static final LocalDate LATEST_END = LocalDate.of(2100, 1, 1);

    private static final long PROFILE_STREAM = 1;
    private static final long HISTORY_STREAM = 2;

    private final long seed;
    private final int customers;
    private final LocalDate start;
    private final LocalDate end;
    private final Currency currency;
    private final ZoneId zone;
    private final String source;
    private final ProfileFactory profiles;
    private final HistorySimulator histories;

    private ShopGenerator(Builder builder) {
        this.seed = builder.seed;
        this.customers = builder.customers;
        this.start = builder.start;
        this.end = builder.end;
        this.currency = builder.currency;
        this.zone = builder.zone;
        this.source = builder.source;
        this.profiles = new ProfileFactory(zone, start.getYear(), seed);
        this.histories = new HistorySimulator(start, end, zone, source,
                new BasketFiller(Catalogue.STANDARD, currency));
    }

    /**
     * A builder with the defaults: seed 42, 5,000 customers, purchases from 2023-01-01 up to (not
     * including) 2024-12-31, GBP, Europe/London, source {@code online}.
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Every customer, sorted by customer number (ids {@code C000001}, {@code C000002}, ...).
     *
     * <p>Holds the whole shop in memory; use {@link #stream()} for large counts.
     *
     * @return an unmodifiable list of {@link #customers()} customers
     */
    public List<Customer> generate() {
        return stream().toList();
    }

    /**
     * The same customers as {@link #generate()} in the same order, each made only when it is consumed.
     *
     * @return an ordered stream; it may be made parallel without changing its elements or their order
     */
    public Stream<Customer> stream() {
        return IntStream.rangeClosed(1, customers).mapToObj(this::customer);
    }

    private Customer customer(int number) {
        String id = String.format(Locale.ROOT, "C%06d", number);
        ProfileFactory.Person person = profiles.draw(id, number, Rng.derive(seed, number, PROFILE_STREAM));
        CustomerHistory history = histories.simulate(id, person.zone(), Rng.derive(seed, number, HISTORY_STREAM));
        return new Customer(person.toProfile(netSpend(history)), history);
    }

    private Money netSpend(CustomerHistory history) {
        Money sum = Money.zero(currency);
        for (Order order : history.orders()) {
            sum = sum.plus(order.total());
        }
        for (Refund refund : history.refunds()) {
            sum = sum.minus(refund.amount());
        }
        return sum;
    }

    /** The seed every random draw derives from. */
    public long seed() {
        return seed;
    }

    /** How many customers {@link #generate()} makes. */
    public int customers() {
        return customers;
    }

    /** The first day of purchases, in {@link #zone()}. */
    public LocalDate start() {
        return start;
    }

    /** The day after the last possible purchase or refund, in {@link #zone()}: the period is {@code [start, end)}. */
    public LocalDate end() {
        return end;
    }

    /** The currency of every amount. */
    public Currency currency() {
        return currency;
    }

    /** The shop's time zone: it decides the local days of the period. */
    public ZoneId zone() {
        return zone;
    }

    /** The source name on every order and refund. */
    public String source() {
        return source;
    }

    /** The settings, e.g. {@code ShopGenerator[seed=42, customers=5000, 2023-01-01..2024-12-31, GBP, Europe/London, online]}. */
    @Override
    public String toString() {
        return "ShopGenerator[seed=" + seed + ", customers=" + customers + ", " + start + ".." + end + ", "
                + currency.getCurrencyCode() + ", " + zone + ", " + source + "]";
    }

    /**
     * Settings of a {@link ShopGenerator}; every setter is optional and checks for null at once, while
     * {@link #build()} checks the values together. Not thread-safe.
     */
    public static final class Builder {

        private long seed = 42;
        private int customers = 5_000;
        private LocalDate start = LocalDate.of(2023, 1, 1);
        private LocalDate end = LocalDate.of(2024, 12, 31);
        private Currency currency = Currency.getInstance("GBP");
        private ZoneId zone = ZoneId.of("Europe/London");
        private String source = "online";

        private Builder() {
        }

        /** The seed; default 42. Any value is valid. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How many customers; at least 1, default 5,000. */
        public Builder customers(int customers) {
            this.customers = customers;
            return this;
        }

        /** The first day of purchases in the shop's zone; default 2023-01-01, not before 1970-01-01. */
        public Builder start(LocalDate start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /** The exclusive end of the period in the shop's zone; after the start, default 2024-12-31, at most 2100-01-01. */
        public Builder end(LocalDate end) {
            this.end = Objects.requireNonNull(end, "end");
            return this;
        }

        /** The currency of every amount; one with a minor unit, default GBP. */
        public Builder currency(Currency currency) {
            this.currency = Objects.requireNonNull(currency, "currency");
            return this;
        }

        /** The shop's time zone; default Europe/London. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The source name on every record; not blank, default {@code online}. */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException naming the value, if a setting is out of range or the end is
         *                                  not after the start
         */
        public ShopGenerator build() {
            if (customers < 1) {
                throw new IllegalArgumentException("customers must be at least 1 but was " + customers);
            }
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("end " + end + " must be after start " + start
                        + ": the period [start, end) would be empty");
            }
            if (start.isBefore(EARLIEST_START)) {
                throw new IllegalArgumentException("start " + start + " must not be before " + EARLIEST_START);
            }
            if (end.isAfter(LATEST_END)) {
                throw new IllegalArgumentException("end " + end + " must not be after " + LATEST_END);
            }
            if (currency.getDefaultFractionDigits() < 0) {
                throw new IllegalArgumentException("currency " + currency.getCurrencyCode()
                        + " has no minor unit; use a real currency such as GBP");
            }
            if (source.isBlank()) {
                throw new IllegalArgumentException("source must not be blank but was '" + source + "'");
            }
            return new ShopGenerator(this);
        }
    }
}
