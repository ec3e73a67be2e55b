package io.recall.campaign;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deterministic, stratified holdout assignment.
 *
 * <p>Each customer gets a stable 64-bit key: the first eight bytes (big-endian, compared unsigned) of
 * SHA-256 over the UTF-8 bytes of {@code campaignId + "\n" + customerId}. Within each segment the customers
 * are ranked by key (ties, which need a SHA-256 prefix collision, by customer id) and the first
 * {@code round-half-up(share x n)} are held out. So each segment's held-out count is within half a customer
 * of its target, the result depends only on the set of (customer, segment) pairs, never on their order, and
 * adding or removing one customer changes the assignment of at most one other customer of the same segment
 * (and of none elsewhere). Ranking rather than an independent coin flip per customer is what makes the
 * shares exact in small segments. Thread-safe; pure.
 */
public final class Holdout {

    private Holdout() {
    }

    /** The customer's key for a campaign; a smaller key (unsigned) is held out first. */
    public static long key(String campaignId, String customerId) {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(customerId, "customerId");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((campaignId + "\n" + customerId).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xFF);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** How many of {@code n} customers a share holds out: {@code share x n} rounded half up. */
    public static int heldOutCount(int n, BigDecimal share) {
        if (n < 0) {
            throw new IllegalArgumentException("a segment size must be >= 0 but was " + n);
        }
        if (share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("a holdout share must be 0..1 but was " + share);
        }
        return share.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /**
     * The customers held out of a campaign.
     *
     * @param campaignId        the campaign
     * @param share             the share held out of each segment, 0..1
     * @param segmentByCustomer each eligible customer's segment id
     * @return the held-out customer ids
     */
    public static Set<String> assign(String campaignId, BigDecimal share, Map<String, String> segmentByCustomer) {
        Map<String, List<String>> strata = new TreeMap<>();
        segmentByCustomer.forEach((customer, segment) ->
                strata.computeIfAbsent(Objects.requireNonNull(segment, "segment"), s -> new ArrayList<>())
                        .add(Objects.requireNonNull(customer, "customer")));
        Set<String> held = new HashSet<>();
        for (List<String> stratum : strata.values()) {
            record Keyed(long key, String id) { }
            List<Keyed> ranked = new ArrayList<>(stratum.size());
            stratum.forEach(c -> ranked.add(new Keyed(key(campaignId, c), c)));
            ranked.sort(Comparator.comparing(Keyed::key, Long::compareUnsigned).thenComparing(Keyed::id));
            int k = heldOutCount(ranked.size(), share);
            for (int i = 0; i < k; i++) {
                held.add(ranked.get(i).id());
            }
        }
        return held;
    }
}
