package io.recall.benchmarks;

import io.recall.rfm.RfmMetrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline: what a developer would write by hand. Each value's percentile rank in the sorted
 * population ({@link Arrays#binarySearch}) becomes a 1..5 score, and the three-digit code ("545") is
 * looked up in a {@code HashMap<String, String>} of the eleven rfm11 segments.
 *
 * <p>Not the same quantile rule as Recall (ties land wherever {@code binarySearch} lands), and the code
 * string is built on every call: both are typical of such code.
 */
final class NaiveClassifier implements Classifier {

    private static final int LEVELS = 5;

    private final int[] recency;
    private final int[] frequency;
    private final long[] monetary;
    private final Map<String, String> segmentByCode;

    private NaiveClassifier(int[] recency, int[] frequency, long[] monetary, Map<String, String> segmentByCode) {
        this.recency = recency;
        this.frequency = frequency;
        this.monetary = monetary;
        this.segmentByCode = segmentByCode;
    }

    static NaiveClassifier fit(List<RfmMetrics> population) {
        int n = population.size();
        int[] r = new int[n];
        int[] f = new int[n];
        long[] m = new long[n];
        for (int i = 0; i < n; i++) {
            RfmMetrics metrics = population.get(i);
            r[i] = metrics.recencyDays();
            f[i] = metrics.frequency();
            m[i] = metrics.monetaryMinorUnits();
        }
        Arrays.sort(r);
        Arrays.sort(f);
        Arrays.sort(m);
        return new NaiveClassifier(r, f, m, segmentByCode());
    }

    @Override
    public String classify(int recencyDays, int frequency, long monetaryMinorUnits) {
        // Fewer days is better, so the recency score is reversed.
        int r = LEVELS + 1 - score(rank(Arrays.binarySearch(recency, recencyDays)), recency.length);
        int f = score(rank(Arrays.binarySearch(this.frequency, frequency)), this.frequency.length);
        int m = score(rank(Arrays.binarySearch(monetary, monetaryMinorUnits)), monetary.length);
        return segmentByCode.get("" + r + f + m);
    }

    private static int rank(int found) {
        return found >= 0 ? found : -found - 1;
    }

    private static int score(int rank, int n) {
        return Math.min(LEVELS, 1 + (int) ((long) rank * LEVELS / n));
    }

    /** All 125 codes "111".."555" mapped to the rfm11 segment of their R and FM = mean of F and M, half up. */
    static Map<String, String> segmentByCode() {
        Map<String, String> map = new HashMap<>();
        for (int r = 1; r <= LEVELS; r++) {
            for (int f = 1; f <= LEVELS; f++) {
                for (int m = 1; m <= LEVELS; m++) {
                    map.put("" + r + f + m, rfm11(r, (f + m + 1) / 2));
                }
            }
        }
        return map;
    }

    private static String rfm11(int r, int fm) {
        if (r == 5 && fm >= 4) {
            return "champions";
        }
        if (r >= 3 && r <= 4 && fm >= 4) {
            return "loyal";
        }
        if (r >= 4 && fm >= 2 && fm <= 3) {
            return "potential-loyalist";
        }
        if (r == 5 && fm == 1) {
            return "new";
        }
        if (r == 4 && fm == 1) {
            return "promising";
        }
        if (r == 3 && fm == 3) {
            return "need-attention";
        }
        if (r == 3) {
            return "about-to-sleep";
        }
        if (fm >= 3 && fm <= 4) {
            return "at-risk";
        }
        if (fm == 5) {
            return "cant-lose-them";
        }
        return r == 2 ? "hibernating" : "lost";
    }
}
