package io.recall.examples.cli;

import io.recall.model.Money;
import io.recall.predict.BtydSummary;
import io.recall.predict.PeriodUnit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads customer summaries from CSV in the shapes the BTYD literature publishes them: CDNOW's
 * {@code ID,frequency,recency,T} and {@code ID,x,t_x,T,zbar}, and aggregated discrete data such as
 * {@code frequency,recency,periods,weights}. Column names are matched case-insensitively; every bad row
 * is reported with its line number, all at once.
 */
final class BtydSummaryFile {

    private static final Map<String, List<String>> COLUMNS = Map.of(
            "id", List.of("id", "customer_id", "cust"),
            "x", List.of("frequency", "x"),
            "tx", List.of("recency", "t_x", "t.x"),
            "age", List.of("t", "t_cal", "t.cal", "periods", "n"),
            "spend", List.of("zbar", "monetary_value", "mean_repeat_spend"),
            "weight", List.of("weights", "weight", "customers", "count"));
    private static final int MAX_LISTED = 20;

    /**
     * One row: a summary and how many customers it stands for (1 unless the file has weights).
     */
    record Row(long line, BtydSummary summary, long customers) {
    }

    private BtydSummaryFile() {
    }

    /**
     * Reads the file.
     *
     * @param unit     the unit of recency and T in the file
     * @param currency the currency of the spend column, when there is one
     * @throws IllegalArgumentException listing every bad row with its line
     */
    static List<Row> read(Path file, PeriodUnit unit, Currency currency) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + " line 1: empty file, expected a header such as ID,frequency,recency,T");
            }
            List<String> names = split(stripBom(header));
            int[] at = new int[6];
            String[] keys = {"id", "x", "tx", "age", "spend", "weight"};
            for (int k = 0; k < keys.length; k++) {
                at[k] = -1;
                for (int i = 0; i < names.size(); i++) {
                    if (COLUMNS.get(keys[k]).contains(names.get(i).toLowerCase(Locale.ROOT))) {
                        at[k] = i;
                    }
                }
            }
            if (at[1] < 0 || at[2] < 0 || at[3] < 0) {
                throw new IllegalArgumentException(file + " line 1: expected columns for frequency (frequency or x), "
                        + "recency (recency or t_x) and age (T or periods), found " + String.join(",", names));
            }
            String text;
            long line = 1;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                List<String> f = split(text);
                if (f.size() != names.size()) {
                    problems.add("line " + line + ": expected " + names.size() + " columns, found " + f.size());
                    continue;
                }
                try {
                    String id = at[0] >= 0 ? f.get(at[0]) : "row-" + line;
                    if (id.isEmpty()) {
                        throw new IllegalArgumentException("the customer id is empty");
                    }
                    int x = whole(f.get(at[1]), names.get(at[1]));
                    double tx = number(f.get(at[2]), names.get(at[2]));
                    double age = number(f.get(at[3]), names.get(at[3]));
                    long weight = at[5] >= 0 ? whole(f.get(at[5]), names.get(at[5])) : 1;
                    Optional<Money> spend = Optional.empty();
                    if (at[4] >= 0 && x > 0) {
                        spend = Optional.of(Money.of(decimal(f.get(at[4]), names.get(at[4])), currency));
                    }
                    rows.add(new Row(line, new BtydSummary(id, x, tx, age, unit, spend), weight));
                } catch (NumberFormatException e) {
                    problems.add("line " + line + ": " + e.getMessage());
                } catch (IllegalArgumentException e) {
                    problems.add("line " + line + ": " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("invalid summary file " + file + " (" + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + "):");
            problems.stream().limit(MAX_LISTED).forEach(p -> message.append("\n  ").append(p));
            if (problems.size() > MAX_LISTED) {
                message.append("\n  … and ").append(problems.size() - MAX_LISTED).append(" more");
            }
            throw new IllegalArgumentException(message.toString());
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no customer rows after the header");
        }
        return rows;
    }

    private static int whole(String text, String column) {
        try {
            long v = Long.parseLong(text);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new NumberFormatException(column + " must be a whole number >= 0 but was \"" + text + "\"");
            }
            return (int) v;
        } catch (NumberFormatException e) {
            // "2.0" is a whole number written as a decimal.
            try {
                double d = Double.parseDouble(text);
                if (d >= 0 && d == Math.rint(d) && d <= Integer.MAX_VALUE) {
                    return (int) d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new NumberFormatException(column + " must be a whole number >= 0 but was \"" + text + "\"");
        }
    }

    private static java.math.BigDecimal decimal(String text, String column) {
        try {
            return new java.math.BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(column + " must be an amount but was \"" + text + "\"");
        }
    }

    private static double number(String text, String column) {
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new NumberFormatException(column + " must be a number but was \"" + text + "\"");
        }
    }

    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        for (String f : line.split(",", -1)) {
            String t = f.strip();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            fields.add(t);
        }
        return fields;
    }

    static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }
}
