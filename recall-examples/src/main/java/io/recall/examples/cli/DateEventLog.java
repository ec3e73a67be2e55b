package io.recall.examples.cli;

import io.recall.predict.BtydAggregator;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an event log of purchase dates without amounts ({@code cust,date}, as BTYDplus' groceryElog):
 * each row one purchase on a date. Every bad row is reported with its line number.
 */
final class DateEventLog {

    private static final int MAX_LISTED = 20;

    private DateEventLog() {
    }

    /** Feeds every row into the aggregator (dates as UTC days); returns the number of rows read. */
    static long read(Path file, BtydAggregator aggregator) throws IOException {
        List<String> problems = new ArrayList<>();
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            List<String> names = header == null ? List.of() : BtydSummaryFile.split(BtydSummaryFile.stripBom(header));
            int cust = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList().indexOf("cust");
            int date = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList().indexOf("date");
            if (cust < 0 || date < 0) {
                throw new IllegalArgumentException(file + " line 1: expected the header cust,date but found "
                        + (header == null ? "an empty file" : header));
            }
            String text;
            long line = 1;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                List<String> f = BtydSummaryFile.split(text);
                if (f.size() != names.size()) {
                    problems.add("line " + line + ": expected " + names.size() + " columns, found " + f.size());
                    continue;
                }
                if (f.get(cust).isEmpty()) {
                    problems.add("line " + line + ": cust is empty");
                    continue;
                }
                try {
                    LocalDate day = LocalDate.parse(f.get(date));
                    aggregator.addPurchase(f.get(cust), "line-" + line, day.atStartOfDay(ZoneOffset.UTC).toInstant());
                    rows++;
                } catch (DateTimeException e) {
                    problems.add("line " + line + ": date \"" + f.get(date) + "\" is not YYYY-MM-DD");
                }
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("invalid event log " + file + " (" + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + "):");
            problems.stream().limit(MAX_LISTED).forEach(p -> message.append("\n  ").append(p));
            if (problems.size() > MAX_LISTED) {
                message.append("\n  … and ").append(problems.size() - MAX_LISTED).append(" more");
            }
            throw new IllegalArgumentException(message.toString());
        }
        return rows;
    }
}
