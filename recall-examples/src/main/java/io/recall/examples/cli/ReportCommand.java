package io.recall.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.model.Money;
import io.recall.report.CsvReport;
import io.recall.report.HtmlReport;
import io.recall.report.JsonReport;
import io.recall.report.ReportData;
import io.recall.report.ReportData.RfCell;
import io.recall.report.ReportData.SegmentCount;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code recall report}: renders the marketer's report (segment sizes and the R x F heat map) from the
 * outputs of {@code recall demo} or {@code recall segment}: {@code segments.csv} and {@code summary.json}.
 * Writes {@code report.html}, {@code report.json} and {@code report.csv}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render the marketer's report (HTML, JSON, CSV) from the outputs of demo or segment.")
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--in", defaultValue = "recall-demo",
            description = "Folder with segments.csv and summary.json (default: ${DEFAULT-VALUE}).")
    Path in;

    @Option(names = "--out", description = "Output folder (default: the --in folder).")
    Path out;

    @Option(names = "--locale", defaultValue = "en", description = "en or zh-CN (default: ${DEFAULT-VALUE}).")
    String locale;

    @Option(names = "--title", defaultValue = "Recall report", description = "The report's title.")
    String title;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = out == null ? in : out;
        Files.createDirectories(dir);
        ReportData data = fromSegmentOutputs(in.resolve("segments.csv"), in.resolve("summary.json"), title);
        List<Path> written = render(data, Locale.forLanguageTag(locale), dir);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("report of %,d customers in %d segments: %s%n", data.segmentTotal(), data.segments().size(),
                written);
        stdout.flush();
        return 0;
    }

    /** Writes {@code report.html}, {@code report.json} and {@code report.csv} into {@code dir}. */
    public static List<Path> render(ReportData data, Locale locale, Path dir) throws IOException {
        Path html = dir.resolve("report.html");
        Path json = dir.resolve("report.json");
        Path csv = dir.resolve("report.csv");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            HtmlReport.write(data, locale, w);
        }
        try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            JsonReport.write(data, w);
        }
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            CsvReport.write(data, w);
        }
        return List.of(html, json, csv);
    }

    /**
     * The report data of a segmentation run: segment sizes in the scheme's order and the R x F heat map,
     * read from {@code segments.csv} (columns {@code customer_id,recency_days,frequency,monetary,tenure_days,
     * r,f,m,segment,segment_label}) and {@code summary.json} (as-of date, scheme, currency).
     */
    public static ReportData fromSegmentOutputs(Path segmentsCsv, Path summaryJson, String title) throws IOException {
        JsonNode summary = new ObjectMapper().readTree(summaryJson.toFile());
        LocalDate asOf = LocalDate.parse(summary.get("asOf").asText());
        SegmentScheme scheme = SegmentJob.loadScheme(summary.get("scheme").asText());
        Map<String, Long> bySegment = new LinkedHashMap<>();
        Map<List<Integer>, Long> cells = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? Integer.compare(a.get(1), b.get(1)) : Integer.compare(a.get(0), b.get(0)));
        int levels = scheme.levels();
        try (BufferedReader r = Files.newBufferedReader(segmentsCsv, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("customer_id,recency_days,frequency,monetary,tenure_days,r,f,m,"
                    + "segment")) {
                throw new IllegalArgumentException(segmentsCsv + " is not a segments.csv written by recall segment");
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                // The first nine fields are ids and numbers (never quoted); the label may be.
                String[] f = line.split(",", 10);
                int rs = Integer.parseInt(f[5]);
                int fs = Integer.parseInt(f[6]);
                levels = Math.max(levels, Math.max(rs, fs));
                cells.merge(List.of(rs, fs), 1L, Long::sum);
                bySegment.merge(f[8], 1L, Long::sum);
            }
        }
        List<SegmentCount> segments = new ArrayList<>();
        List<Segment> order = new ArrayList<>(scheme.segments());
        scheme.fallback().filter(s -> !order.contains(s)).ifPresent(order::add);
        for (Segment s : order) {
            segments.add(new SegmentCount(s, Optional.ofNullable(bySegment.remove(s.id())).orElse(0L)));
        }
        bySegment.forEach((id, n) -> segments.add(new SegmentCount(Segment.of(id, id), n)));
        List<RfCell> heat = new ArrayList<>();
        cells.forEach((k, n) -> heat.add(new RfCell(k.get(0), k.get(1), n)));
        String currency = summary.has("currency") ? summary.get("currency").asText() : "USD";
        return new ReportData(title, asOf, Optional.empty(), Money.currency(currency), segments, List.of(), levels,
                heat, List.of(), List.of(), List.of(), List.of());
    }
}
