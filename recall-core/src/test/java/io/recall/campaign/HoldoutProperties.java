package io.recall.campaign;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HoldoutProperties {

    @Provide
    Arbitrary<Map<String, String>> populations() {
        return Arbitraries.maps(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("a", "b", "c")).ofMaxSize(120);
    }

    @Property(tries = 200)
    void eachSegmentsHeldOutCountIsWithinHalfACustomerOfItsShare(@ForAll("populations") Map<String, String> pop,
                                                                @ForAll @BigRange(min = "0", max = "0.5") @Scale(2) BigDecimal share) {
        Set<String> held = Holdout.assign("camp", share, pop);
        for (String s : Set.of("a", "b", "c")) {
            long n = pop.values().stream().filter(s::equals).count();
            long k = held.stream().filter(id -> pop.get(id).equals(s)).count();
            BigDecimal target = share.multiply(BigDecimal.valueOf(n));
            assertTrue(target.subtract(BigDecimal.valueOf(k)).abs().compareTo(new BigDecimal("0.5")) <= 0,
                    s + ": held " + k + " of " + n + " at share " + share);
        }
    }

    @Property(tries = 100)
    void assignmentDependsOnlyOnTheSetNotTheOrder(@ForAll("populations") Map<String, String> pop, @ForAll long shuffleSeed) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(pop.entrySet());
        Collections.shuffle(entries, new Random(shuffleSeed));
        Map<String, String> shuffled = new LinkedHashMap<>();
        entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));
        BigDecimal share = new BigDecimal("0.3");
        assertEquals(Holdout.assign("camp", share, pop), Holdout.assign("camp", share, shuffled));
        assertEquals(Holdout.assign("camp", share, pop), Holdout.assign("camp", share, pop));
    }

    @Property(tries = 200)
    void addingOneCustomerChangesAtMostOneOtherAssignmentAndOnlyInItsSegment(
            @ForAll("populations") Map<String, String> pop, @ForAll("newcomer") String newcomer,
            @ForAll @IntRange(max = 2) int segment, @ForAll @BigRange(min = "0", max = "0.5") @Scale(2) BigDecimal share) {
        String seg = List.of("a", "b", "c").get(segment);
        Map<String, String> bigger = new LinkedHashMap<>(pop);
        bigger.put(newcomer, seg);
        Set<String> before = Holdout.assign("camp", share, pop);
        Set<String> after = Holdout.assign("camp", share, bigger);
        Set<String> flipped = new HashSet<>();
        for (String id : pop.keySet()) {
            if (before.contains(id) != after.contains(id)) {
                flipped.add(id);
            }
        }
        assertTrue(flipped.size() <= 1, "flipped " + flipped);
        flipped.forEach(id -> assertEquals(seg, pop.get(id)));
    }

    @Provide
    Arbitrary<String> newcomer() {
        return Arbitraries.strings().alpha().ofLength(10).map(s -> "new-" + s);
    }

    @Test
    void keyIsTheFirstEightBytesOfSha256OfCampaignNewlineCustomer() throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                .digest("spring\nc-42".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.nio.ByteBuffer.wrap(d).getLong(), Holdout.key("spring", "c-42"));
    }

    @Test
    void differentCampaignsHoldOutDifferentCustomers() {
        Map<String, String> pop = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            pop.put("c" + i, "a");
        }
        Set<String> one = Holdout.assign("one", new BigDecimal("0.5"), pop);
        Set<String> two = Holdout.assign("two", new BigDecimal("0.5"), pop);
        assertEquals(500, one.size());
        Set<String> both = new HashSet<>(one);
        both.retainAll(two);
        // Independent halves overlap by about 250; identical ones would overlap by 500.
        assertTrue(both.size() > 200 && both.size() < 300, "overlap " + both.size());
    }
}
