package io.recall.report;

import io.recall.measure.ArmResult;
import io.recall.measure.CampaignResult;
import io.recall.measure.CellResult;
import io.recall.measure.Interval;
import io.recall.measure.MoneyInterval;
import io.recall.report.ReportData.BudgetLine;
import io.recall.report.ReportData.ChannelFunnel;
import io.recall.report.ReportData.JourneyLine;
import io.recall.report.ReportData.Movement;
import io.recall.report.ReportData.OfferCount;
import io.recall.report.ReportData.RfCell;
import io.recall.report.ReportData.SegmentCount;
import io.recall.report.ReportData.SegmentOffer;
import io.recall.report.internal.Labels;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.recall.report.internal.Html.count;
import static io.recall.report.internal.Html.esc;
import static io.recall.report.internal.Html.fixed;
import static io.recall.report.internal.Html.money;
import static io.recall.report.internal.Html.num;
import static io.recall.report.internal.Html.percent;
import static io.recall.report.internal.Html.points;

/**
 * Renders a {@link ReportData} as one self-contained HTML file a marketer can open anywhere: inline CSS and
 * inline SVG charts (segment bars, the R x F heat map with a legend, budget used and left, funnel bars per
 * channel, journey bars, an uplift forest plot with interval whiskers and a zero line), no scripts, no external resources. Every text from
 * the data is escaped; the markup is also well-formed XML. Labels are in English or Simplified Chinese
 * ({@code zh}, {@code zh-CN}); every number is also in a table next to its chart.
 */
public final class HtmlReport {

    private static final String[] STAGES = {"sent", "delivered", "opened", "clicked", "converted"};
    private static final String[] STAGE_COLOURS = {"#1f4e79", "#2e75b6", "#5b9bd5", "#9dc3e6", "#2e7d32"};

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC",\
            "Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1a1a1a;\
            background:#fff;line-height:1.45}
            h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:2px solid #2e75b6;\
            padding-bottom:.2rem}h3{font-size:1.05rem}
            .asof{color:#555;margin-top:0}.summary{background:#eef5fb;border-left:4px solid #2e75b6;padding:.6rem 1rem}
            table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .55rem}
            th{background:#f2f2f2;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            svg{display:block;margin:.6rem 0;max-width:100%;height:auto}svg text{font-size:12px;fill:#1a1a1a}
            .note{color:#8a4b00}
            """;

    private HtmlReport() {
    }

    /** Writes the report to {@code out} (not closed). */
    public static void write(ReportData data, Locale locale, Writer out) throws IOException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(locale, "locale");
        out.write(new Renderer(data, locale).render());
        out.flush();
    }

    /** The report as a string. */
    public static String toHtml(ReportData data, Locale locale) {
        StringWriter w = new StringWriter();
        try {
            write(data, locale, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static final class Renderer {
        private final ReportData d;
        private final Locale loc;
        private final Labels t;
        private final StringBuilder b = new StringBuilder(32_768);
        private final Map<String, String> segmentLabels = new HashMap<>();

        Renderer(ReportData d, Locale loc) {
            this.d = d;
            this.loc = loc;
            this.t = Labels.of(loc);
            d.segments().forEach(s -> segmentLabels.put(s.segment().id(), s.segment().label(loc)));
        }

        String render() {
            String lang = loc.getLanguage().equals("zh") ? "zh-CN" : "en";
            b.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                    .append("<title>").append(esc(d.title())).append("</title>\n<style>\n").append(CSS)
                    .append("</style>\n</head>\n<body>\n");
            b.append("<h1>").append(esc(d.title())).append("</h1>\n<p class=\"asof\">")
                    .append(esc(t.get("asOf", d.asOf()))).append("</p>\n");
            summary();
            segments();
            movement();
            heatMap();
            offers();
            funnel();
            journeys();
            uplift();
            b.append("</body>\n</html>\n");
            return b.toString();
        }

        private String segLabel(String id) {
            if (id.equals(ReportData.NEW)) {
                return t.get("new");
            }
            if (id.equals(ReportData.GONE)) {
                return t.get("gone");
            }
            return segmentLabels.getOrDefault(id, id);
        }

        private void summary() {
            b.append("<section id=\"summary\">\n<h2>").append(esc(t.get("summary"))).append("</h2>\n<div class=\"summary\">\n");
            if (!d.segments().isEmpty()) {
                SegmentCount largest = d.segments().stream().max(Comparator.comparingLong(SegmentCount::customers))
                        .orElseThrow();
                p(t.get("segmentSentence", count(d.segmentTotal(), loc), d.segments().size(),
                        largest.segment().label(loc), count(largest.customers(), loc)));
            }
            if (!d.journeys().isEmpty()) {
                long entered = d.journeys().stream().mapToLong(JourneyLine::entered).sum();
                long sent = d.journeys().stream().mapToLong(JourneyLine::sent).sum();
                p(t.get("journeySentence", d.journeys().size(), count(entered, loc), count(sent, loc)));
            }
            for (CampaignResult c : d.campaigns()) {
                p(sentence(c));
                if (!c.randomisedHoldout()) {
                    p(t.get("notRandomised", c.campaignId()));
                }
            }
            b.append("</div>\n</section>\n");
        }

        private String sentence(CampaignResult c) {
            CellResult o = c.overall();
            if (o.uplift().isEmpty() || o.treated().rate().isEmpty() || o.holdout().rate().isEmpty()) {
                return t.get("sentenceNoUplift", c.campaignId());
            }
            Interval u = o.uplift().get();
            return t.get("sentence", c.campaignId(), percent(o.treated().rate().get().estimate(), loc),
                    percent(o.holdout().rate().get().estimate(), loc), points(u.estimate(), loc),
                    Math.round(c.confidence() * 100), fixed(u.low() * 100, 1, loc), fixed(u.high() * 100, 1, loc),
                    o.incrementalRevenue().map(m -> money(m.estimate(), loc)).orElse(t.get("na")),
                    o.roi().map(r -> fixed(r.estimate(), 1, loc)).orElse(t.get("na")));
        }

        private void p(String text) {
            b.append("<p>").append(esc(text)).append("</p>\n");
        }

        private void h2(String id, String text) {
            b.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(text)).append("</h2>\n");
        }

        // ---- segment sizes: horizontal bars ----
        private void segments() {
            h2("segments", t.get("segments"));
            List<SegmentCount> segs = d.segments();
            if (segs.isEmpty()) {
                p(t.get("empty"));
            } else {
                long max = Math.max(1, segs.stream().mapToLong(SegmentCount::customers).max().orElse(1));
                int rowH = 26;
                int labelW = 220;
                int barW = 560;
                int h = segs.size() * rowH + 10;
                svgOpen("segments-chart", labelW + barW + 110, h, t.get("segments"));
                for (int i = 0; i < segs.size(); i++) {
                    SegmentCount s = segs.get(i);
                    double y = 5 + i * rowH;
                    double w = barW * (double) s.customers() / max;
                    b.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(num(y + 17))
                            .append("\" text-anchor=\"end\">").append(esc(s.segment().label(loc))).append("</text>\n");
                    b.append("<rect class=\"bar\" x=\"").append(labelW).append("\" y=\"").append(num(y + 3))
                            .append("\" width=\"").append(num(Math.max(w, 1))).append("\" height=\"").append(rowH - 6)
                            .append("\" fill=\"#2e75b6\"><title>").append(esc(s.segment().label(loc))).append(": ")
                            .append(count(s.customers(), loc)).append("</title></rect>\n");
                    b.append("<text x=\"").append(num(labelW + Math.max(w, 1) + 6)).append("\" y=\"").append(num(y + 17))
                            .append("\">").append(count(s.customers(), loc)).append("</text>\n");
                }
                b.append("</svg>\n");
                b.append("<table class=\"segments\">\n<thead><tr><th>").append(esc(t.get("segment"))).append("</th><th>")
                        .append(esc(t.get("customersHead"))).append("</th><th>").append(esc(t.get("share")))
                        .append("</th></tr></thead>\n<tbody>\n");
                long total = Math.max(1, d.segmentTotal());
                for (SegmentCount s : segs) {
                    b.append("<tr><td>").append(esc(s.segment().label(loc))).append("</td><td class=\"n\">")
                            .append(count(s.customers(), loc)).append("</td><td class=\"n\">")
                            .append(percent((double) s.customers() / total, loc)).append("</td></tr>\n");
                }
                b.append("</tbody>\n</table>\n");
            }
            b.append("</section>\n");
        }

        // ---- movement: from x to matrix ----
        private void movement() {
            if (d.movements().isEmpty() || d.previousAsOf().isEmpty()) {
                return;
            }
            h2("movement", t.get("movement", d.previousAsOf().get(), d.asOf()));
            Set<String> from = new LinkedHashSet<>();
            Set<String> to = new LinkedHashSet<>();
            d.segments().forEach(s -> {
                from.add(s.segment().id());
                to.add(s.segment().id());
            });
            Map<String, Long> cells = new HashMap<>();
            for (Movement m : d.movements()) {
                from.add(m.from());
                to.add(m.to());
                cells.merge(m.from() + "\u0000" + m.to(), m.customers(), Long::sum);
            }
            List<String> rows = new ArrayList<>(from);
            rows.remove(ReportData.NEW);
            rows.add(0, ReportData.NEW);
            List<String> cols = new ArrayList<>(to);
            cols.remove(ReportData.GONE);
            cols.add(ReportData.GONE);
            b.append("<table class=\"movement\">\n<thead><tr><th>").append(esc(t.get("fromTo"))).append("</th>");
            cols.forEach(c -> b.append("<th>").append(esc(segLabel(c))).append("</th>"));
            b.append("</tr></thead>\n<tbody>\n");
            for (String r : rows) {
                b.append("<tr><th>").append(esc(segLabel(r))).append("</th>");
                for (String c : cols) {
                    Long n = cells.get(r + "\u0000" + c);
                    b.append("<td class=\"n\">").append(n == null ? "" : count(n, loc)).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</tbody>\n</table>\n</section>\n");
        }

        // ---- R x F heat map ----
        private void heatMap() {
            h2("heatmap", t.get("heatMap"));
            int n = d.levels();
            long[][] grid = new long[n + 1][n + 1];
            for (RfCell c : d.heatMap()) {
                grid[c.r()][c.f()] += c.customers();
            }
            long max = 1;
            for (int r = 1; r <= n; r++) {
                for (int f = 1; f <= n; f++) {
                    max = Math.max(max, grid[r][f]);
                }
            }
            int cell = 64;
            int left = 70;
            int top = 10;
            int gridW = n * cell;
            int legendX = left + gridW + 40;
            int w = legendX + 200;
            int h = top + gridW + 60;
            svgOpen("heatmap-chart", w, h, t.get("heatMap"));
            // Rows: highest recency score (most recent) at the top; columns: frequency score rising to the right.
            for (int r = n; r >= 1; r--) {
                int y = top + (n - r) * cell;
                b.append("<text x=\"").append(left - 8).append("\" y=\"").append(y + cell / 2 + 4)
                        .append("\" text-anchor=\"end\">R").append(r).append("</text>\n");
                for (int f = 1; f <= n; f++) {
                    int x = left + (f - 1) * cell;
                    long v = grid[r][f];
                    double share = (double) v / max;
                    b.append("<rect class=\"cell\" data-r=\"").append(r).append("\" data-f=\"").append(f)
                            .append("\" data-customers=\"").append(v).append("\" x=\"").append(x).append("\" y=\"")
                            .append(y).append("\" width=\"").append(cell).append("\" height=\"").append(cell)
                            .append("\" fill=\"").append(colour(share)).append("\" stroke=\"#fff\"><title>R").append(r)
                            .append(" F").append(f).append(": ").append(count(v, loc)).append("</title></rect>\n");
                    b.append("<text x=\"").append(x + cell / 2).append("\" y=\"").append(y + cell / 2 + 4)
                            .append("\" text-anchor=\"middle\" style=\"fill:").append(share > 0.5 ? "#fff" : "#1a1a1a")
                            .append("\">").append(count(v, loc)).append("</text>\n");
                }
            }
            for (int f = 1; f <= n; f++) {
                b.append("<text x=\"").append(left + (f - 1) * cell + cell / 2).append("\" y=\"").append(top + gridW + 18)
                        .append("\" text-anchor=\"middle\">F").append(f).append("</text>\n");
            }
            b.append("<text x=\"").append(left + gridW / 2).append("\" y=\"").append(top + gridW + 40)
                    .append("\" text-anchor=\"middle\">").append(esc(t.get("frequency"))).append("</text>\n");
            b.append("<text x=\"14\" y=\"").append(top + gridW / 2).append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
                    .append(top + gridW / 2).append(")\">").append(esc(t.get("recency"))).append("</text>\n");
            // Legend: five steps from zero to the largest cell.
            b.append("<g class=\"legend\">\n<text x=\"").append(legendX).append("\" y=\"").append(top + 12).append("\">")
                    .append(esc(t.get("legend"))).append("</text>\n");
            for (int i = 0; i <= 4; i++) {
                double share = i / 4.0;
                int y = top + 22 + i * 26;
                b.append("<rect x=\"").append(legendX).append("\" y=\"").append(y)
                        .append("\" width=\"24\" height=\"22\" stroke=\"#999\" fill=\"").append(colour(share)).append("\"/>\n");
                b.append("<text x=\"").append(legendX + 32).append("\" y=\"").append(y + 15).append("\">")
                        .append(count(Math.round(max * share), loc)).append("</text>\n");
            }
            b.append("</g>\n</svg>\n</section>\n");
        }

        /** White to dark blue. */
        private static String colour(double share) {
            int r = (int) Math.round(255 + (31 - 255) * share);
            int g = (int) Math.round(255 + (78 - 255) * share);
            int bl = (int) Math.round(255 + (121 - 255) * share);
            return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
        }

        // ---- offers and budgets ----
        private void offers() {
            h2("offers", t.get("offers"));
            if (d.offers().isEmpty() && d.budgets().isEmpty() && d.segmentOffers().isEmpty()) {
                p(t.get("empty"));
            }
            if (!d.segmentOffers().isEmpty()) {
                b.append("<h3>").append(esc(t.get("offersPerSegment"))).append("</h3>\n");
                b.append("<table class=\"segment-offers\">\n<thead><tr>");
                for (String k : new String[] {"segment", "offer", "made", "redeemed", "value", "redeemedValue"}) {
                    b.append("<th>").append(esc(t.get(k))).append("</th>");
                }
                b.append("</tr></thead>\n<tbody>\n");
                for (SegmentOffer o : d.segmentOffers()) {
                    b.append("<tr><td>").append(esc(segLabel(o.segment()))).append("</td><td>").append(esc(o.offer()))
                            .append(o.description().isEmpty() ? "" : " (" + esc(o.description()) + ")")
                            .append("</td><td class=\"n\">").append(count(o.made(), loc)).append("</td><td class=\"n\">")
                            .append(count(o.redeemed(), loc)).append("</td><td class=\"n\">")
                            .append(esc(money(o.value(), loc))).append("</td><td class=\"n\">")
                            .append(esc(money(o.redeemedValue(), loc))).append("</td></tr>\n");
                }
                b.append("</tbody>\n</table>\n");
            }
            if (!d.offers().isEmpty()) {
                b.append("<table class=\"offers\">\n<thead><tr><th>").append(esc(t.get("offerKind"))).append("</th><th>")
                        .append(esc(t.get("decisions"))).append("</th><th>").append(esc(t.get("value")))
                        .append("</th></tr></thead>\n<tbody>\n");
                for (OfferCount o : d.offers()) {
                    b.append("<tr><td>").append(esc(o.kind())).append("</td><td class=\"n\">")
                            .append(count(o.decisions(), loc)).append("</td><td class=\"n\">")
                            .append(esc(money(o.value(), loc))).append("</td></tr>\n");
                }
                b.append("</tbody>\n</table>\n");
            }
            if (!d.budgets().isEmpty()) {
                b.append("<table class=\"budgets\">\n<thead><tr><th>").append(esc(t.get("budget"))).append("</th><th>")
                        .append(esc(t.get("used"))).append("</th><th>").append(esc(t.get("left")))
                        .append("</th></tr></thead>\n<tbody>\n");
                for (BudgetLine l : d.budgets()) {
                    b.append("<tr><td>").append(esc(l.budget())).append("</td><td class=\"n\">")
                            .append(esc(money(l.used(), loc))).append("</td><td class=\"n\">")
                            .append(esc(l.left().map(m -> money(m, loc)).orElse(t.get("unlimited"))))
                            .append("</td></tr>\n");
                }
                b.append("</tbody>\n</table>\n");
                budgetChart();
            }
            b.append("</section>\n");
        }

        // Used and left of every budget with a money limit, as one bar each scaled to its own limit.
        private void budgetChart() {
            List<BudgetLine> limited = d.budgets().stream().filter(l -> l.left().isPresent()).toList();
            if (limited.isEmpty()) {
                return;
            }
            int labelW = 200;
            int barW = 480;
            int rowH = 26;
            svgOpen("budget-chart", labelW + barW + 260, limited.size() * rowH + 10, t.get("budgetChart"));
            for (int i = 0; i < limited.size(); i++) {
                BudgetLine l = limited.get(i);
                double used = l.used().amount().doubleValue();
                double left = Math.max(0, l.left().get().amount().doubleValue());
                double share = used + left <= 0 ? 1 : used / (used + left);
                double y = 5 + i * rowH;
                double w = barW * Math.min(1, share);
                b.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(num(y + 17))
                        .append("\" text-anchor=\"end\">").append(esc(l.budget())).append("</text>\n");
                b.append("<rect x=\"").append(labelW).append("\" y=\"").append(num(y + 3)).append("\" width=\"")
                        .append(barW).append("\" height=\"").append(rowH - 6).append("\" fill=\"#dde8f3\"/>\n");
                b.append("<rect class=\"used\" x=\"").append(labelW).append("\" y=\"").append(num(y + 3))
                        .append("\" width=\"").append(num(Math.max(w, 1))).append("\" height=\"").append(rowH - 6)
                        .append("\" fill=\"#2e75b6\"><title>").append(esc(l.budget())).append(": ")
                        .append(esc(t.get("used"))).append(' ').append(esc(money(l.used(), loc))).append("</title></rect>\n");
                b.append("<text x=\"").append(labelW + barW + 6).append("\" y=\"").append(num(y + 17)).append("\">")
                        .append(esc(t.get("used"))).append(' ').append(esc(money(l.used(), loc))).append(", ")
                        .append(esc(t.get("left"))).append(' ').append(esc(money(l.left().get(), loc))).append("</text>\n");
            }
            b.append("</svg>\n");
        }

        // ---- follow-up journeys ----
        private void journeys() {
            if (d.journeys().isEmpty()) {
                return;
            }
            h2("journeys", t.get("journeys"));
            String[] stages = {"entered", "sent", "finished", "exited"};
            int labelW = 130;
            int barW = 480;
            int rowH = 20;
            for (JourneyLine j : d.journeys()) {
                b.append("<h3>").append(esc(j.journey())).append("</h3>\n");
                long[] v = {j.entered(), j.sent(), j.finished(), j.exited()};
                long max = Math.max(1, java.util.Arrays.stream(v).max().orElse(1));
                svgOpen("journey-chart", labelW + barW + 100, stages.length * rowH + 10, t.get("journeys") + ": " + j.journey());
                for (int i = 0; i < stages.length; i++) {
                    int y = 4 + i * rowH;
                    double w = barW * (double) v[i] / max;
                    b.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(y + 14)
                            .append("\" text-anchor=\"end\">").append(esc(t.get("j." + stages[i]))).append("</text>\n");
                    b.append("<rect class=\"stage\" x=\"").append(labelW).append("\" y=\"").append(y + 2)
                            .append("\" width=\"").append(num(Math.max(w, 1))).append("\" height=\"").append(rowH - 4)
                            .append("\" fill=\"").append(STAGE_COLOURS[i]).append("\"/>\n");
                    b.append("<text x=\"").append(num(labelW + Math.max(w, 1) + 6)).append("\" y=\"").append(y + 14)
                            .append("\">").append(count(v[i], loc)).append("</text>\n");
                }
                b.append("</svg>\n");
            }
            String[] cols = {"entered", "moves", "enqueued", "sent", "skipped", "finished", "exited", "active"};
            b.append("<table class=\"journeys\">\n<thead><tr><th>").append(esc(t.get("journey"))).append("</th>");
            for (String c : cols) {
                b.append("<th>").append(esc(t.get("j." + c))).append("</th>");
            }
            b.append("</tr></thead>\n<tbody>\n");
            for (JourneyLine j : d.journeys()) {
                long[] v = {j.entered(), j.moves(), j.enqueued(), j.sent(), j.skipped(), j.finished(), j.exited(),
                        j.active()};
                b.append("<tr><td>").append(esc(j.journey())).append("</td>");
                for (long x : v) {
                    b.append("<td class=\"n\">").append(count(x, loc)).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</tbody>\n</table>\n</section>\n");
        }

        // ---- funnel per channel ----
        private void funnel() {
            h2("funnel", t.get("funnel"));
            if (d.funnels().isEmpty()) {
                p(t.get("empty"));
                b.append("</section>\n");
                return;
            }
            int labelW = 110;
            int barW = 520;
            int rowH = 20;
            int groupH = STAGES.length * rowH + 24;
            for (ChannelFunnel ch : d.funnels()) {
                b.append("<h3>").append(esc(ch.channel())).append("</h3>\n");
                long[] v = ch.stages();
                long max = Math.max(1, java.util.Arrays.stream(v).max().orElse(1));
                svgOpen("funnel-chart", labelW + barW + 140, groupH - 14, t.get("funnel") + ": " + ch.channel());
                for (int i = 0; i < STAGES.length; i++) {
                    int y = 4 + i * rowH;
                    double w = barW * (double) v[i] / max;
                    b.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(y + 14)
                            .append("\" text-anchor=\"end\">").append(esc(t.get(STAGES[i]))).append("</text>\n");
                    b.append("<rect class=\"stage\" x=\"").append(labelW).append("\" y=\"").append(y + 2)
                            .append("\" width=\"").append(num(Math.max(w, 1))).append("\" height=\"").append(rowH - 4)
                            .append("\" fill=\"").append(STAGE_COLOURS[i]).append("\"/>\n");
                    String share = i == 0 || v[0] == 0 ? "" : " (" + percent((double) v[i] / v[0], loc) + ")";
                    b.append("<text x=\"").append(num(labelW + Math.max(w, 1) + 6)).append("\" y=\"").append(y + 14)
                            .append("\">").append(count(v[i], loc)).append(esc(share)).append("</text>\n");
                }
                b.append("</svg>\n");
            }
            b.append("<table class=\"funnel\">\n<thead><tr><th>").append(esc(t.get("channel"))).append("</th>");
            for (String s : STAGES) {
                b.append("<th>").append(esc(t.get(s))).append("</th>");
            }
            b.append("</tr></thead>\n<tbody>\n");
            for (ChannelFunnel ch : d.funnels()) {
                b.append("<tr><td>").append(esc(ch.channel())).append("</td>");
                for (long v : ch.stages()) {
                    b.append("<td class=\"n\">").append(count(v, loc)).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</tbody>\n</table>\n</section>\n");
        }

        // ---- uplift forest plot and table ----
        private void uplift() {
            h2("uplift", t.get("uplift"));
            if (d.campaigns().isEmpty()) {
                p(t.get("empty"));
                b.append("</section>\n");
                return;
            }
            for (CampaignResult c : d.campaigns()) {
                int conf = (int) Math.round(c.confidence() * 100);
                b.append("<h3>").append(esc(c.campaignId())).append("</h3>\n");
                List<CellResult> rows = c.cells().stream().filter(x -> x.uplift().isPresent()).toList();
                if (!rows.isEmpty()) {
                    forest(rows, conf);
                }
                table(c, conf);
                if (!c.notes().isEmpty()) {
                    b.append("<ul class=\"note\">\n");
                    c.notes().forEach(n -> b.append("<li>").append(esc(n)).append("</li>\n"));
                    b.append("</ul>\n");
                }
            }
            b.append("</section>\n");
        }

        private String cellLabel(CellResult c) {
            String name = c.dimension().equals("segment") ? segLabel(c.key()) : c.key();
            String dim = switch (c.dimension()) {
                case "campaign", "segment", "channel" -> t.get("dim." + c.dimension());
                default -> c.dimension();
            };
            return dim + ": " + name;
        }

        private void forest(List<CellResult> rows, int conf) {
            double lo = 0;
            double hi = 0;
            for (CellResult r : rows) {
                lo = Math.min(lo, r.uplift().get().low());
                hi = Math.max(hi, r.uplift().get().high());
            }
            double pad = Math.max((hi - lo) * 0.08, 0.001);
            lo -= pad;
            hi += pad;
            int labelW = 260;
            int plotW = 520;
            int rowH = 26;
            int top = 10;
            int h = top + rows.size() * rowH + 46;
            final double l = lo;
            final double span = hi - lo;
            java.util.function.DoubleUnaryOperator x = v -> labelW + plotW * (v - l) / span;
            svgOpen("forest-plot", labelW + plotW + 150, h, t.get("uplift"));
            double zero = x.applyAsDouble(0);
            b.append("<line class=\"zero\" x1=\"").append(num(zero)).append("\" y1=\"").append(top - 4).append("\" x2=\"")
                    .append(num(zero)).append("\" y2=\"").append(top + rows.size() * rowH)
                    .append("\" stroke=\"#c00000\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n");
            for (int i = 0; i < rows.size(); i++) {
                CellResult c = rows.get(i);
                Interval u = c.uplift().get();
                double y = top + i * rowH + rowH / 2.0;
                String colour = c.upliftIsSignificant() ? "#2e7d32" : "#1f4e79";
                b.append("<text x=\"").append(labelW - 10).append("\" y=\"").append(num(y + 4))
                        .append("\" text-anchor=\"end\">").append(esc(cellLabel(c))).append("</text>\n");
                b.append("<line class=\"whisker\" x1=\"").append(num(x.applyAsDouble(u.low()))).append("\" y1=\"")
                        .append(num(y)).append("\" x2=\"").append(num(x.applyAsDouble(u.high()))).append("\" y2=\"")
                        .append(num(y)).append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>\n");
                for (double end : new double[] {u.low(), u.high()}) {
                    b.append("<line x1=\"").append(num(x.applyAsDouble(end))).append("\" y1=\"").append(num(y - 6))
                            .append("\" x2=\"").append(num(x.applyAsDouble(end))).append("\" y2=\"").append(num(y + 6))
                            .append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>\n");
                }
                b.append("<circle class=\"estimate\" cx=\"").append(num(x.applyAsDouble(u.estimate()))).append("\" cy=\"")
                        .append(num(y)).append("\" r=\"5\" fill=\"").append(colour).append("\"><title>")
                        .append(esc(cellLabel(c))).append(": ").append(points(u.estimate(), loc)).append(" (")
                        .append(fixed(u.low() * 100, 1, loc)).append(" .. ").append(fixed(u.high() * 100, 1, loc))
                        .append(")</title></circle>\n");
                b.append("<text x=\"").append(labelW + plotW + 10).append("\" y=\"").append(num(y + 4)).append("\">")
                        .append(points(u.estimate(), loc)).append(" [").append(fixed(u.low() * 100, 1, loc)).append(", ")
                        .append(fixed(u.high() * 100, 1, loc)).append("]</text>\n");
            }
            int axisY = top + rows.size() * rowH + 4;
            b.append("<line x1=\"").append(labelW).append("\" y1=\"").append(axisY).append("\" x2=\"").append(labelW + plotW)
                    .append("\" y2=\"").append(axisY).append("\" stroke=\"#555\"/>\n");
            for (double v : new double[] {lo + pad, 0, hi - pad}) {
                b.append("<text x=\"").append(num(x.applyAsDouble(v))).append("\" y=\"").append(axisY + 16)
                        .append("\" text-anchor=\"middle\">").append(fixed(v * 100, 1, loc)).append("</text>\n");
            }
            b.append("<text x=\"").append(labelW + plotW / 2).append("\" y=\"").append(axisY + 36)
                    .append("\" text-anchor=\"middle\">").append(esc(t.get("upliftAxis", conf))).append("</text>\n");
            b.append("</svg>\n");
        }

        private void table(CampaignResult c, int conf) {
            b.append("<table class=\"uplift\">\n<thead><tr><th>").append(esc(t.get("cell"))).append("</th><th>")
                    .append(esc(t.get("treated"))).append("</th><th>").append(esc(t.get("holdout"))).append("</th><th>")
                    .append(esc(t.get("upliftPoints"))).append("</th><th>").append(esc(t.get("interval", conf)))
                    .append("</th><th>").append(esc(t.get("incremental"))).append("</th><th>").append(esc(t.get("cost")))
                    .append("</th><th>").append(esc(t.get("roi"))).append("</th></tr></thead>\n<tbody>\n");
            for (CellResult r : c.cells()) {
                b.append("<tr><td>").append(esc(cellLabel(r))).append("</td><td class=\"n\">").append(esc(arm(r.treated())))
                        .append("</td><td class=\"n\">").append(esc(arm(r.holdout()))).append("</td><td class=\"n\">")
                        .append(esc(r.uplift().map(u -> points(u.estimate(), loc)).orElse(t.get("na"))))
                        .append("</td><td class=\"n\">")
                        .append(esc(r.uplift().map(u -> fixed(u.low() * 100, 1, loc) + " .. " + fixed(u.high() * 100, 1, loc))
                                .orElse(t.get("na"))))
                        .append("</td><td class=\"n\">").append(esc(r.incrementalRevenue().map(this::moneyInterval)
                                .orElse(t.get("na"))))
                        .append("</td><td class=\"n\">").append(esc(money(r.incentiveCost(), loc)))
                        .append("</td><td class=\"n\">").append(esc(r.roi().map(x -> fixed(x.estimate(), 1, loc) + " ("
                                + fixed(x.low(), 1, loc) + " .. " + fixed(x.high(), 1, loc) + ")").orElse(t.get("na"))))
                        .append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }

        private String arm(ArmResult a) {
            return count(a.converters(), loc) + " / " + count(a.customers(), loc)
                    + a.rate().map(r -> " = " + percent(r.estimate(), loc)).orElse("");
        }

        private String moneyInterval(MoneyInterval m) {
            return money(m.estimate(), loc) + " (" + money(m.low(), loc) + " .. " + money(m.high(), loc) + ")";
        }

        private void svgOpen(String cls, int w, int h, String label) {
            b.append("<svg class=\"").append(cls).append("\" width=\"").append(w).append("\" height=\"").append(h)
                    .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\" aria-label=\"")
                    .append(esc(label)).append("\">\n");
        }
    }
}
