package io.recall.benchmarks;

import io.recall.predict.BtydSummary;
import io.recall.predict.PeriodUnit;
import io.recall.testing.SharedData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The 2,357-customer CDNOW calibration summary (weeks) that the BTYD benchmarks fit and score. */
record CdnowSummary(int[] x, double[] tx, double[] age, List<BtydSummary> summaries) {

    static CdnowSummary load() throws IOException {
        List<String> lines = Files.readAllLines(SharedData.file("cdnow/cdnow_customers_summary.csv"), StandardCharsets.UTF_8);
        int n = lines.size() - 1;
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        List<BtydSummary> summaries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            x[i] = Integer.parseInt(f[1]);
            tx[i] = Double.parseDouble(f[2]);
            age[i] = Double.parseDouble(f[3]);
            summaries.add(BtydSummary.of(f[0], x[i], tx[i], age[i], PeriodUnit.WEEKS));
        }
        return new CdnowSummary(x, tx, age, List.copyOf(summaries));
    }
}
