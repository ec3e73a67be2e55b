package io.recall.rfm;

import io.recall.internal.CustomerAccumulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The streaming aggregator's state in primitive pages, about 30 bytes per customer and 16 per order
 * instead of a map, a string and a {@code BigDecimal} per order: what lets one JVM hold ten million
 * customers. Computes exactly what {@link CustomerAccumulator} computes; a customer whose data does not
 * fit the compact form (an amount with more decimals than the minor unit or beyond ±2^31 minor units, an
 * instant more than 68 years from the first one, more than {@value #MAX_ORDERS} orders or
 * {@value #MAX_REFUNDS} refunds) moves, with everything seen so far, into a {@code CustomerAccumulator}.
 * Not thread-safe.
 */
final class CompactCustomers {

    // Ids of up to 10 characters of [-0-9A-Z_a-z] (most order and customer ids) pack into a long: base 65,
    // digit 0 pads, so the packing is injective and orders like String.compareTo. Other ids are kept as
    // strings in a side table and referenced by a negative key.
    private static final String ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    private static final int MAX_PACKED = 10;
    private static final byte[] SYMBOL = new byte[128];
    private static final long[] POW65 = new long[MAX_PACKED];
    static final long NO_KEY = Long.MIN_VALUE;

    static {
        for (int i = 0; i < ALPHABET.length(); i++) {
            SYMBOL[ALPHABET.charAt(i)] = (byte) (i + 1);
        }
        POW65[MAX_PACKED - 1] = 1;
        for (int i = MAX_PACKED - 2; i >= 0; i--) {
            POW65[i] = POW65[i + 1] * 65;
        }
    }

    static final int MAX_ORDERS = 64;
    static final int MAX_REFUNDS = 64;
    private static final int SLOW = -1;
    private static final long NOT_COMPACT = Long.MIN_VALUE;

    private final Currency currency;
    private final int digits;
    private final List<String> sideIds = new ArrayList<>();
    private final Map<String, Integer> sideCustomers = new HashMap<>();
    private final List<CustomerAccumulator> slow = new ArrayList<>();

    // Customers: key, first order slot and order count (count SLOW: first is an index into `slow`), refunds.
    private final LongPages customerKey = new LongPages();
    private final IntPages firstOrder = new IntPages();
    private final IntPages orderCount = new IntPages();
    private final IntPages firstRefund = new IntPages();
    private int customers;
    private int[] table = new int[1 << 10];

    // Orders: a customer's orders sit in consecutive slots; a customer interleaved with others moves its
    // run to the end (at most MAX_ORDERS slots each time), which grouped input never does.
    private final LongPages orderKey = new LongPages();
    private final IntPages orderSecond = new IntPages();
    private final IntPages orderMinor = new IntPages();
    private int orders;

    // Refunds: a list per customer.
    private final LongPages refundKey = new LongPages();
    private final LongPages refundOrder = new LongPages();
    private final IntPages refundSecond = new IntPages();
    private final IntPages refundMinor = new IntPages();
    private final IntPages nextRefund = new IntPages();
    private int refunds;

    private boolean based;
    private long baseSecond;

    private String lastId;
    private int lastCustomer = -1;

    CompactCustomers(Currency currency) {
        this.currency = currency;
        this.digits = currency.getDefaultFractionDigits();
    }

    int size() {
        return customers;
    }

    // ---------------------------------------------------------------- input

    /** The customer's index, created when new. */
    int customer(String id) {
        // Files list an order's lines together: the last customer is the likeliest next one.
        if (lastCustomer >= 0 && lastId.equals(id)) {
            return lastCustomer;
        }
        long key = pack(id);
        int c = key >= 0 ? find(key) : sideCustomers.getOrDefault(id, -1);
        if (c < 0) {
            c = customers++;
            if (key < 0) {
                key = side(id);
                sideCustomers.put(id, c);
            } else {
                insert(key, c);
            }
            customerKey.set(c, key);
            firstOrder.set(c, 0);
            orderCount.set(c, 0);
            firstRefund.set(c, -1);
        }
        lastId = id;
        lastCustomer = c;
        return c;
    }

    void purchase(int c, String orderId, long epochSecond, BigDecimal amount) {
        int count = orderCount.get(c);
        long minor = minor(amount);
        long offset = offset(epochSecond);
        if (count == SLOW || minor == NOT_COMPACT || offset == NOT_COMPACT) {
            toSlow(c).purchase(orderId, epochSecond, amount);
            return;
        }
        long key = pack(orderId);
        int first = firstOrder.get(c);
        for (int i = first + count - 1; i >= first; i--) {
            if (sameId(orderKey.get(i), key, orderId)) {
                long sum = orderMinor.get(i) + minor;
                if (sum != (int) sum) {
                    toSlow(c).purchase(orderId, epochSecond, amount);
                    return;
                }
                orderMinor.set(i, (int) sum);
                orderSecond.set(i, Math.min(orderSecond.get(i), (int) offset));
                return;
            }
        }
        if (count == MAX_ORDERS) {
            toSlow(c).purchase(orderId, epochSecond, amount);
            return;
        }
        if (count == 0) {
            first = orders;
            firstOrder.set(c, first);
        } else if (first + count != orders) {
            for (int i = 0; i < count; i++) {
                copyOrder(first + i, orders + i);
            }
            first = orders;
            orders += count;
            firstOrder.set(c, first);
        }
        int slot = first + count;
        orderKey.set(slot, key >= 0 ? key : side(orderId));
        orderSecond.set(slot, (int) offset);
        orderMinor.set(slot, (int) minor);
        orders = slot + 1;
        orderCount.set(c, count + 1);
    }

    void refund(int c, String refundId, long epochSecond, BigDecimal amount, String orderIdOrNull) {
        int count = orderCount.get(c);
        long minor = minor(amount);
        long offset = offset(epochSecond);
        if (count == SLOW || minor == NOT_COMPACT || offset == NOT_COMPACT) {
            toSlow(c).refund(refundId, epochSecond, amount, orderIdOrNull);
            return;
        }
        long key = pack(refundId);
        int length = 0;
        for (int r = firstRefund.get(c); r >= 0; r = nextRefund.get(r), length++) {
            if (sameId(refundKey.get(r), key, refundId)) {
                long sum = refundMinor.get(r) + minor;
                if (sum != (int) sum) {
                    toSlow(c).refund(refundId, epochSecond, amount, orderIdOrNull);
                    return;
                }
                refundMinor.set(r, (int) sum);
                refundSecond.set(r, Math.min(refundSecond.get(r), (int) offset));
                return;
            }
        }
        if (length == MAX_REFUNDS) {
            toSlow(c).refund(refundId, epochSecond, amount, orderIdOrNull);
            return;
        }
        int r = refunds++;
        refundKey.set(r, key >= 0 ? key : side(refundId));
        long order = NO_KEY;
        if (orderIdOrNull != null) {
            order = pack(orderIdOrNull);
            if (order < 0) {
                order = side(orderIdOrNull);
            }
        }
        refundOrder.set(r, order);
        refundSecond.set(r, (int) offset);
        refundMinor.set(r, (int) minor);
        nextRefund.set(r, firstRefund.get(c));
        firstRefund.set(c, r);
    }

    private void copyOrder(int from, int to) {
        orderKey.set(to, orderKey.get(from));
        orderSecond.set(to, orderSecond.get(from));
        orderMinor.set(to, orderMinor.get(from));
    }

    /** Moves a customer, with its merged orders and refunds, into an exact accumulator. */
    private CustomerAccumulator toSlow(int c) {
        if (orderCount.get(c) == SLOW) {
            return slow.get(firstOrder.get(c));
        }
        CustomerAccumulator acc = new CustomerAccumulator(id(customerKey.get(c)));
        int first = firstOrder.get(c);
        for (int i = first; i < first + orderCount.get(c); i++) {
            acc.purchase(id(orderKey.get(i)), baseSecond + orderSecond.get(i), BigDecimal.valueOf(orderMinor.get(i), digits));
        }
        for (int r = firstRefund.get(c); r >= 0; r = nextRefund.get(r)) {
            long order = refundOrder.get(r);
            acc.refund(id(refundKey.get(r)), baseSecond + refundSecond.get(r),
                    BigDecimal.valueOf(refundMinor.get(r), digits), order == NO_KEY ? null : id(order));
        }
        orderCount.set(c, SLOW);
        firstOrder.set(c, slow.size());
        firstRefund.set(c, -1);
        slow.add(acc);
        return acc;
    }

    /** The amount in minor units when exact and within an int, else NOT_COMPACT. */
    private long minor(BigDecimal amount) {
        int scale = amount.scale();
        if (scale < 0 || scale > digits || amount.precision() > 9) {
            return NOT_COMPACT;
        }
        long value = amount.unscaledValue().longValue();
        for (int i = scale; i < digits; i++) {
            value *= 10;
        }
        return value == (int) value ? value : NOT_COMPACT;
    }

    private long offset(long epochSecond) {
        if (!based) {
            based = true;
            baseSecond = epochSecond;
        }
        long offset = epochSecond - baseSecond;
        return offset == (int) offset ? offset : NOT_COMPACT;
    }

    // ---------------------------------------------------------------- ids

    /** The packed key of an id, or -1 when it does not pack. */
    static long pack(String id) {
        int length = id.length();
        if (length > MAX_PACKED) {
            return -1;
        }
        long key = 0;
        for (int i = 0; i < length; i++) {
            char ch = id.charAt(i);
            int symbol = ch < 128 ? SYMBOL[ch] : 0;
            if (symbol == 0) {
                return -1;
            }
            key += symbol * POW65[i];
        }
        return key;
    }

    static String unpack(long key) {
        char[] chars = new char[MAX_PACKED];
        int length = 0;
        for (int i = 0; i < MAX_PACKED; i++) {
            int symbol = (int) (key / POW65[i] % 65);
            if (symbol == 0) {
                break;
            }
            chars[length++] = ALPHABET.charAt(symbol - 1);
        }
        return new String(chars, 0, length);
    }

    private long side(String id) {
        sideIds.add(id);
        return -sideIds.size();
    }

    private String id(long key) {
        return key >= 0 ? unpack(key) : sideIds.get((int) (-key - 1));
    }

    /** Whether a stored key names {@code id}, whose packed key is {@code packed} (-1: does not pack). */
    private boolean sameId(long stored, long packed, String id) {
        return packed >= 0 ? stored == packed : stored < 0 && stored != NO_KEY && sideIds.get((int) (-stored - 1)).equals(id);
    }

    private boolean sameStored(long a, long b) {
        if (a == b) {
            return true;
        }
        return a < 0 && b < 0 && a != NO_KEY && b != NO_KEY && id(a).equals(id(b));
    }

    // ---------------------------------------------------------------- the customer table (packed keys)

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int find(long key) {
        int mask = table.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            int entry = table[slot];
            if (entry == 0) {
                return -1;
            }
            if (customerKey.get(entry - 1) == key) {
                return entry - 1;
            }
        }
    }

    private void insert(long key, int c) {
        if ((customers - sideCustomers.size()) * 4L > table.length * 3L) {
            int[] old = table;
            table = new int[old.length * 2];
            for (int entry : old) {
                if (entry != 0) {
                    place(customerKey.get(entry - 1), entry);
                }
            }
        }
        place(key, c + 1);
    }

    private void place(long key, int entry) {
        int mask = table.length - 1;
        int slot = hash(key) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = entry;
    }

    // ---------------------------------------------------------------- output

    /** The latest purchase instant in epoch seconds, or Long.MIN_VALUE. */
    long lastPurchaseEpochSecond() {
        long last = Long.MIN_VALUE;
        for (int c = 0; c < customers; c++) {
            int count = orderCount.get(c);
            if (count == SLOW) {
                last = Math.max(last, slow.get(firstOrder.get(c)).lastPurchaseEpochSecond());
            } else {
                int first = firstOrder.get(c);
                for (int i = first; i < first + count; i++) {
                    last = Math.max(last, baseSecond + orderSecond.get(i));
                }
            }
        }
        return last;
    }

    /** Customer indices sorted by id, as String.compareTo orders them. */
    int[] sortedById() {
        int[] sorted = new int[customers];
        if (sideCustomers.isEmpty()) {
            // Packed keys order like their ids: sort the keys, then find each one's customer.
            long[] keys = new long[customers];
            for (int c = 0; c < customers; c++) {
                keys[c] = customerKey.get(c);
            }
            Arrays.sort(keys);
            for (int i = 0; i < customers; i++) {
                sorted[i] = find(keys[i]);
            }
            return sorted;
        }
        String[] ids = new String[customers];
        Integer[] boxed = new Integer[customers];
        for (int c = 0; c < customers; c++) {
            ids[c] = id(customerKey.get(c));
            boxed[c] = c;
        }
        Arrays.sort(boxed, (a, b) -> ids[a].compareTo(ids[b]));
        for (int i = 0; i < customers; i++) {
            sorted[i] = boxed[i];
        }
        return sorted;
    }

    /** One customer's metrics, reused between calls. */
    static final class Row {
        int recencyDays;
        int frequency;
        long monetaryMinor;
        int tenureDays;
        RfmMetrics slowMetrics;
    }

    private final long[] days = new long[MAX_ORDERS];
    private final long[] refundDays = new long[MAX_REFUNDS];

    /**
     * Fills {@code row} with customer {@code c}'s metrics as of {@code asOf}, as CustomerAccumulator
     * computes them; false when no purchase counts by then.
     */
    boolean metrics(int c, LocalDate asOf, RfmOptions options, Row row) {
        int count = orderCount.get(c);
        if (count == SLOW) {
            Optional<RfmMetrics> m = slow.get(firstOrder.get(c)).metrics(asOf, currency, options.zone(),
                    options.frequencyBasis(), options.monetaryBasis());
            if (m.isEmpty()) {
                return false;
            }
            row.slowMetrics = m.get();
            row.recencyDays = m.get().recencyDays();
            row.frequency = m.get().frequency();
            row.monetaryMinor = m.get().monetaryMinorUnits();
            row.tenureDays = m.get().tenureDays();
            return true;
        }
        row.slowMetrics = null;
        long asOfDay = asOf.toEpochDay();
        ZoneRules rules = options.zone().getRules();
        ZoneOffset fixed = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
        long net = 0;
        int refundsIn = 0;
        boolean linked = false;
        for (int r = firstRefund.get(c); r >= 0; r = nextRefund.get(r)) {
            long day = localDay(rules, fixed, baseSecond + refundSecond.get(r));
            refundDays[refundsIn++] = day;
            if (day <= asOfDay) {
                net -= refundMinor.get(r);
                linked |= refundOrder.get(r) != NO_KEY;
            }
        }
        int first = firstOrder.get(c);
        int occasions = 0;
        for (int i = first; i < first + count; i++) {
            long day = localDay(rules, fixed, baseSecond + orderSecond.get(i));
            if (day > asOfDay) {
                continue;
            }
            int amount = orderMinor.get(i);
            net += amount;
            if (linked) {
                // A linked refund of the whole order means the purchase did not happen after all.
                long refunded = 0;
                boolean any = false;
                int k = 0;
                for (int r = firstRefund.get(c); r >= 0; r = nextRefund.get(r), k++) {
                    if (refundDays[k] <= asOfDay && sameStored(refundOrder.get(r), orderKey.get(i))) {
                        refunded += refundMinor.get(r);
                        any = true;
                    }
                }
                if (any && refunded >= amount) {
                    continue;
                }
            }
            days[occasions++] = day;
        }
        if (occasions == 0) {
            return false;
        }
        Arrays.sort(days, 0, occasions);
        int frequency = occasions;
        if (options.frequencyBasis() == FrequencyBasis.DISTINCT_DAYS) {
            frequency = 1;
            for (int i = 1; i < occasions; i++) {
                if (days[i] != days[i - 1]) {
                    frequency++;
                }
            }
        }
        row.recencyDays = Math.toIntExact(asOfDay - days[occasions - 1]);
        row.frequency = frequency;
        row.monetaryMinor = options.monetaryBasis() == MonetaryBasis.AVERAGE ? halfEvenDivide(net, frequency) : net;
        row.tenureDays = Math.toIntExact(asOfDay - days[0]);
        return true;
    }

    /** The row as metrics of customer {@code c}. */
    RfmMetrics toMetrics(int c, Row row) {
        if (row.slowMetrics != null) {
            return row.slowMetrics;
        }
        return new RfmMetrics(id(customerKey.get(c)), row.recencyDays, row.frequency,
                io.recall.model.Money.ofMinor(row.monetaryMinor, currency), row.tenureDays);
    }

    /** {@code a / b} rounded half-even, as BigDecimal.divide(b, 0, HALF_EVEN) does; b > 0. */
    static long halfEvenDivide(long a, long b) {
        long q = Math.floorDiv(a, b);
        long twice = 2 * (a - q * b);
        if (twice > b || (twice == b && (q & 1) != 0)) {
            q++;
        }
        return q;
    }

    private static long localDay(ZoneRules rules, ZoneOffset fixed, long epochSecond) {
        int offset = (fixed != null ? fixed : rules.getOffset(Instant.ofEpochSecond(epochSecond))).getTotalSeconds();
        return Math.floorDiv(epochSecond + offset, 86_400L);
    }

    // ---------------------------------------------------------------- pages

    private static final int PAGE_BITS = 14;
    private static final int PAGE = 1 << PAGE_BITS;

    /** A growable long array in fixed pages: growing never copies the data. */
    private static final class LongPages {
        private long[][] pages = new long[16][];

        long get(int i) {
            return pages[i >>> PAGE_BITS][i & (PAGE - 1)];
        }

        void set(int i, long value) {
            int page = i >>> PAGE_BITS;
            if (page >= pages.length) {
                pages = Arrays.copyOf(pages, Math.max(page + 1, pages.length * 2));
            }
            long[] p = pages[page];
            if (p == null) {
                p = pages[page] = new long[PAGE];
            }
            p[i & (PAGE - 1)] = value;
        }
    }

    /** A growable int array in fixed pages. */
    private static final class IntPages {
        private int[][] pages = new int[16][];

        int get(int i) {
            return pages[i >>> PAGE_BITS][i & (PAGE - 1)];
        }

        void set(int i, int value) {
            int page = i >>> PAGE_BITS;
            if (page >= pages.length) {
                pages = Arrays.copyOf(pages, Math.max(page + 1, pages.length * 2));
            }
            int[] p = pages[page];
            if (p == null) {
                p = pages[page] = new int[PAGE];
            }
            p[i & (PAGE - 1)] = value;
        }
    }
}
