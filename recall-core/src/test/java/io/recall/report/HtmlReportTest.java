package io.recall.report;

import io.recall.measure.CampaignResult;
import io.recall.measure.CellResult;
import io.recall.report.ReportData.RfCell;
import io.recall.report.ReportData.SegmentCount;
import io.recall.report.internal.Html;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void isWellFormedWithHeadingsAndEveryChart() throws Exception {
        String html = HtmlReport.toHtml(ReportSamples.sample(false), Locale.ENGLISH);
        Document doc = parse(html);
        assertEquals("html", doc.getDocumentElement().getTagName());
        assertEquals(List.of("Winter win-back report"), texts(doc, "h1"));
        assertEquals(List.of("Summary", "Segment sizes", "Movement between segments, 2026-08-24 to 2026-11-24",
                "Recency x frequency heat map", "Offers and budget", "Funnel per channel", "Follow-up journeys",
                "Uplift per campaign, segment and channel"), texts(doc, "h2"));
        List<String> classes = new ArrayList<>();
        NodeList svgs = doc.getElementsByTagName("svg");
        for (int i = 0; i < svgs.getLength(); i++) {
            classes.add(((Element) svgs.item(i)).getAttribute("class"));
        }
        assertEquals(List.of("segments-chart", "heatmap-chart", "budget-chart", "funnel-chart", "funnel-chart",
                "journey-chart", "journey-chart", "forest-plot"), classes);
        assertEquals(25, count(html, "<rect class=\"cell\""));
        assertEquals(1, count(html, "<line class=\"zero\""));
        assertEquals(5, count(html, "<line class=\"whisker\""), "one whisker per cell with an uplift");
        assertTrue(html.contains("<g class=\"legend\">"));
        assertEquals(0, count(html, "<script"), "no scripts");
        assertEquals(1, count(html, "<style>"), "inline CSS only");
        assertFalse(html.contains("<link"));
        assertFalse(Pattern.compile("(?i)(src|href)\\s*=|url\\(|@import|@font-face").matcher(html).find(),
                "no external resources");
        assertFalse(html.contains("http://") || html.contains("https://"));
    }

    @Test
    void summaryIsPlainLanguageWithTheCampaignsNumbers() throws Exception {
        Document doc = parse(HtmlReport.toHtml(ReportSamples.sample(false), Locale.ENGLISH));
        String summary = doc.getElementById("summary") == null
                ? section(doc, "summary") : doc.getElementById("summary").getTextContent();
        assertTrue(summary.contains("Campaign winter-win-back converted 4.1 % of targeted customers vs 2.9 % of the"
                + " holdout: +1.2 points (95 % CI 0.4 to 2.0), £3,200.00 incremental revenue, ROI 2.4."), summary);
        assertTrue(summary.contains("16,000 customers in 11 segments"), summary);
    }

    private static String section(Document doc, String id) {
        NodeList s = doc.getElementsByTagName("section");
        for (int i = 0; i < s.getLength(); i++) {
            if (id.equals(((Element) s.item(i)).getAttribute("id"))) {
                return s.item(i).getTextContent();
            }
        }
        throw new AssertionError("no section " + id);
    }

    @Test
    void everyNumberInTheDataIsOnThePage() throws Exception {
        ReportData data = ReportSamples.sample(false);
        Document doc = parse(HtmlReport.toHtml(data, Locale.ENGLISH));
        String segments = section(doc, "segments");
        for (SegmentCount s : data.segments()) {
            assertTrue(segments.contains(s.segment().label(Locale.ENGLISH)));
            assertTrue(segments.contains(Html.count(s.customers(), Locale.ENGLISH)), s.toString());
        }
        String heat = section(doc, "heatmap");
        for (RfCell c : data.heatMap()) {
            assertTrue(heat.contains("R" + c.r() + " F" + c.f() + ": " + Html.count(c.customers(), Locale.ENGLISH)));
        }
        String movement = section(doc, "movement");
        data.movements().forEach(m -> assertTrue(movement.contains(Html.count(m.customers(), Locale.ENGLISH))));
        String offers = section(doc, "offers");
        assertTrue(offers.contains("£6,120.50") && offers.contains("2,400") && offers.contains("£15,812.50")
                && offers.contains("£4,187.50") && offers.contains("no limit"), offers);
        for (ReportData.SegmentOffer o : data.segmentOffers()) {
            for (String v : List.of(Html.count(o.made(), Locale.ENGLISH), Html.count(o.redeemed(), Locale.ENGLISH),
                    Html.money(o.value(), Locale.ENGLISH), Html.money(o.redeemedValue(), Locale.ENGLISH), o.offer())) {
                assertTrue(offers.contains(v), o + " " + v);
            }
        }
        String journeys = section(doc, "journeys");
        for (ReportData.JourneyLine j : data.journeys()) {
            for (long v : new long[] {j.entered(), j.moves(), j.enqueued(), j.sent(), j.skipped(), j.finished(),
                    j.exited(), j.active()}) {
                assertTrue(journeys.contains(Html.count(v, Locale.ENGLISH)), j + " " + v);
            }
        }
        String funnel = section(doc, "funnel");
        for (ReportData.ChannelFunnel f : data.funnels()) {
            for (long v : f.stages()) {
                assertTrue(funnel.contains(Html.count(v, Locale.ENGLISH)), f + " " + v);
            }
        }
        String uplift = section(doc, "uplift");
        for (CampaignResult c : data.campaigns()) {
            for (CellResult cell : c.cells()) {
                assertTrue(uplift.contains(cell.treated().converters() + " / " + Html.count(cell.treated().customers(),
                        Locale.ENGLISH)));
                assertTrue(uplift.contains(Html.money(cell.incrementalRevenue().orElseThrow().estimate(),
                        Locale.ENGLISH)));
                assertTrue(uplift.contains(Html.money(cell.incentiveCost(), Locale.ENGLISH)));
            }
        }
        assertTrue(uplift.contains("segment: Champions") || uplift.contains("segment: "), uplift);
    }

    @Test
    void everyFreeTextIsEscaped() throws Exception {
        ReportData data = ReportSamples.sample(true);
        for (Locale l : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            String html = HtmlReport.toHtml(data, l);
            assertFalse(html.contains("<script"), "a raw <script> in " + l);
            assertFalse(html.contains("<b>中文</b>"));
            assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"));
            Document doc = parse(html);
            assertEquals(0, doc.getElementsByTagName("script").getLength());
            assertEquals(0, doc.getElementsByTagName("b").getLength());
            assertEquals(ReportSamples.HOSTILE, texts(doc, "h1").get(0), "the text survives, as text");
        }
    }

    @Test
    void simplifiedChineseLabels() throws Exception {
        Document doc = parse(HtmlReport.toHtml(ReportSamples.sample(false), Locale.forLanguageTag("zh-CN")));
        assertEquals("zh-CN", doc.getDocumentElement().getAttribute("lang"));
        List<String> h2 = texts(doc, "h2");
        assertTrue(h2.contains("客户分群规模") && h2.contains("各渠道转化漏斗") && h2.contains("摘要"), h2.toString());
        String summary = section(doc, "summary");
        assertTrue(summary.contains("活动 winter-win-back：目标客户转化率 4.1%，对照组 2.9%；提升 +1.2 个百分点（95% 置信区间 0.4 至 2.0）"),
                summary);
        ReportData data = ReportSamples.sample(false);
        String segments = section(doc, "segments");
        for (SegmentCount s : data.segments()) {
            assertTrue(segments.contains(s.segment().label(Locale.forLanguageTag("zh-CN"))));
        }
    }

    @Test
    void jsonHoldsExactNumbersAndTheCampaignAsMeasurementWritesIt() throws Exception {
        ReportData data = ReportSamples.sample(true);
        var tree = io.recall.internal.JsonInput.MAPPER.readTree(JsonReport.toJson(data));
        assertEquals("recall-report", tree.get("type").asText());
        assertEquals(ReportSamples.HOSTILE, tree.get("title").asText());
        assertEquals(data.segments().size(), tree.get("segments").size());
        assertEquals(1320, tree.get("segments").get(0).get("customers").asLong());
        assertEquals(data.heatMapTotal(), sum(tree.get("heatMap").get("cells"), "customers"));
        assertEquals("6120.50", tree.get("offers").get(0).get("value").get("amount").asText());
        assertEquals("4187.50", tree.get("budgets").get(0).get("left").get("amount").asText());
        assertFalse(tree.get("budgets").get(1).has("left"));
        assertEquals(io.recall.internal.JsonInput.MAPPER.readTree(data.campaigns().get(0).toJson()),
                tree.get("campaigns").get(0));
        var offer = tree.get("segmentOffers").get(0);
        assertEquals("vip-ten-off", offer.get("offer").asText());
        assertEquals(1210, offer.get("made").asLong());
        assertEquals("1870.00", offer.get("redeemedValue").get("amount").asText());
        assertEquals(ReportSamples.HOSTILE, tree.get("segmentOffers").get(1).get("offer").asText());
        var journey = tree.get("journeys").get(0);
        assertEquals("win-back-not-opened", journey.get("journey").asText());
        assertEquals(276, journey.get("sent").asLong());
        assertEquals(458 - 424 - 19, journey.get("active").asLong());
    }

    private static long sum(com.fasterxml.jackson.databind.JsonNode arr, String field) {
        long s = 0;
        for (var n : arr) {
            s += n.get(field).asLong();
        }
        return s;
    }

    @Test
    void csvHasOneRowPerNumberWithExactValues() {
        ReportData data = ReportSamples.sample(false);
        String csv = CsvReport.toCsv(data);
        List<String> lines = csv.lines().toList();
        assertEquals("section,key,metric,value", lines.get(0));
        assertTrue(lines.contains("offer,percent-off,value,6120.50"));
        assertTrue(lines.contains("budget,win-back-q4,left,4187.50"));
        assertTrue(lines.contains("funnel,email,opened,1480"));
        assertTrue(lines.contains("heat_map,r5f5,customers,1103"));
        assertTrue(lines.stream().anyMatch(l -> l.matches("segment_offer,[a-z-]+/vip-ten-off,redeemed_value,1870\\.00")),
                csv);
        assertTrue(lines.contains("journey,win-back-not-opened,sent,276"));
        assertTrue(lines.contains("journey,win-back-clicked-no-purchase,exited,6"));
        assertTrue(lines.contains("campaign,winter-win-back/campaign/winter-win-back,incremental_revenue,3200.00"));
        assertTrue(lines.contains("campaign,winter-win-back/campaign/winter-win-back,uplift_low,0.004"));
        assertEquals(data.heatMapTotal(), lines.stream().filter(l -> l.startsWith("heat_map,"))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum());
        String hostile = CsvReport.toCsv(ReportSamples.sample(true));
        assertTrue(hostile.contains("\"<script>alert('x')</script> & \"\"Co\"\"\""), "RFC 4180 quoting");
    }

    static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
