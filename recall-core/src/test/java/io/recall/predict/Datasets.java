package io.recall.predict;

import io.recall.model.Money;
import io.recall.testing.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The BTYD data sets of ../shared/data as the tests read them (parsed here, independently of the CLI). */
final class Datasets {

    private Datasets() {
    }

    private static List<String[]> rows(String file) {
        try {
            List<String> lines = Files.readAllLines(SharedData.file(file), StandardCharsets.UTF_8);
            List<String[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    rows.add(line.strip().split(","));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** cdnow_customers_summary.csv: 2,357 customers, weeks. */
    static List<BtydSummary> cdnow() {
        List<BtydSummary> list = new ArrayList<>();
        for (String[] f : rows("cdnow/cdnow_customers_summary.csv")) {
            list.add(BtydSummary.of(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    PeriodUnit.WEEKS));
        }
        return list;
    }

    /** cdnow_customers_summary_with_transactions.csv, with the mean repeat spend in USD. */
    static List<BtydSummary> cdnowWithSpend() {
        List<BtydSummary> list = new ArrayList<>();
        for (String[] f : rows("cdnow/cdnow_customers_summary_with_transactions.csv")) {
            int x = Integer.parseInt(f[1]);
            list.add(new BtydSummary(f[0], x, Double.parseDouble(f[2]), Double.parseDouble(f[3]), PeriodUnit.WEEKS,
                    x > 0 ? Optional.of(Money.of(f[4], "USD")) : Optional.empty()));
        }
        return list;
    }

    /** donations.csv's rows: frequency, recency, periods, weights. */
    static List<String[]> donationRows() {
        return rows("cdnow/donations.csv");
    }

    /** donations.csv: 22 patterns of 11,104 donors, 6 yearly opportunities. */
    static BtydData donations() {
        List<String[]> rows = rows("cdnow/donations.csv");
        int n = rows.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] periods = new double[n];
        long[] weights = new long[n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i);
            x[i] = Integer.parseInt(f[0]);
            tx[i] = Integer.parseInt(f[1]);
            periods[i] = Integer.parseInt(f[2]);
            weights[i] = Long.parseLong(f[3]);
        }
        return BtydData.ofCounts(PeriodUnit.OPPORTUNITIES, x, tx, periods, weights);
    }

    /** groceryElog.csv's rows: cust, date (quoted). */
    static List<String[]> groceryRows() {
        return rows("btyd_grocery/groceryElog.csv");
    }

    /** groceryElog.csv fed into an aggregator (dates only, no amounts). */
    static BtydAggregator grocery() {
        BtydAggregator aggregator = BtydAggregator.create(ZoneOffset.UTC);
        int line = 1;
        for (String[] f : rows("btyd_grocery/groceryElog.csv")) {
            line++;
            String customer = f[0].replace("\"", "");
            LocalDate day = LocalDate.parse(f[1].replace("\"", ""));
            aggregator.addPurchase(customer, "line-" + line, day.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return aggregator;
    }

    /** CDNOW_sample.txt (master id, sample id, YYYYMMDD, CDs, dollars) fed into an aggregator by sample id (1..2357). */
    static BtydAggregator cdnowSample() {
        try {
            BtydAggregator aggregator = BtydAggregator.create(ZoneOffset.UTC);
            int line = 0;
            for (String text : Files.readAllLines(SharedData.file("cdnow/CDNOW_sample.txt"), StandardCharsets.US_ASCII)) {
                line++;
                String[] f = text.strip().split("\\s+");
                if (f.length != 5) {
                    continue;
                }
                LocalDate day = LocalDate.parse(f[2], java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
                aggregator.addPurchase(String.valueOf(Integer.parseInt(f[1])), "row-" + line, day.atStartOfDay(ZoneOffset.UTC).toInstant(), Money.of(f[4], "USD"));
            }
            return aggregator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
