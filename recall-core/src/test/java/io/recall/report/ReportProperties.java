package io.recall.report;

import io.recall.measure.ArmResult;
import io.recall.measure.CampaignResult;
import io.recall.measure.CellResult;
import io.recall.model.Money;
import io.recall.report.ReportData.RfCell;
import io.recall.report.ReportData.SegmentCount;
import io.recall.segment.Segment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportProperties {

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.strings().withChars("<>&\"'abc 中文/\\;:=").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.isBlank());
    }

    @Provide
    Arbitrary<Locale> locales() {
        return Arbitraries.of(Locale.ENGLISH, Locale.UK, Locale.forLanguageTag("zh-CN"), Locale.GERMANY);
    }

    @Property(tries = 60)
    void everyCountIsOnThePageAndTheHeatMapSumsToTheCustomers(
            @ForAll @IntRange(min = 1, max = 6) int levels,
            @ForAll @Size(min = 36, max = 36) List<@IntRange(min = 0, max = 50_000) Integer> cells,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 1_000_000) Integer> sizes,
            @ForAll("labels") String label,
            @ForAll("locales") Locale locale) throws Exception {
        List<RfCell> heat = new ArrayList<>();
        long total = 0;
        for (int r = 1; r <= levels; r++) {
            for (int f = 1; f <= levels; f++) {
                long n = cells.get((r - 1) * 6 + f - 1);
                heat.add(new RfCell(r, f, n));
                total += n;
            }
        }
        List<SegmentCount> segs = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            segs.add(new SegmentCount(Segment.of("s" + i, label + i, label), sizes.get(i)));
        }
        Money zero = Money.zero(Money.currency("EUR"));
        CampaignResult empty = new CampaignResult(label, Duration.ofDays(7), 0.9, false,
                new CellResult("campaign", label, new ArmResult(0, 0, Optional.empty(), zero),
                        new ArmResult(0, 0, Optional.empty(), zero), Optional.empty(), Optional.empty(), zero,
                        Optional.empty()), List.of(), List.of(), List.of(label));
        ReportData data = new ReportData(label, LocalDate.of(2026, 1, 1), Optional.empty(), Money.currency("EUR"),
                segs, List.of(), levels, heat, List.of(), List.of(), List.of(), List.of(empty));

        String html = HtmlReport.toHtml(data, locale);
        assertFalse(html.contains("<script") || html.contains("http://") || html.contains("https://"));
        Document doc = HtmlReportTest.parse(html);
        assertEquals(label, HtmlReportTest.texts(doc, "h1").get(0));

        NodeList rects = doc.getElementsByTagName("rect");
        long sum = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element e = (Element) rects.item(i);
            if (e.getAttribute("class").equals("cell")) {
                sum += Long.parseLong(e.getAttribute("data-customers"));
                assertTrue(seen.add(e.getAttribute("data-r") + "/" + e.getAttribute("data-f")));
            }
        }
        assertEquals(levels * levels, seen.size());
        assertEquals(total, sum);
        assertEquals(total, data.heatMapTotal());

        String text = doc.getDocumentElement().getTextContent();
        for (RfCell c : heat) {
            assertTrue(text.contains("R" + c.r() + " F" + c.f() + ": " + io.recall.report.internal.Html.count(
                    c.customers(), locale)));
        }
        for (SegmentCount s : segs) {
            assertTrue(text.contains(s.segment().label(locale) + ": "
                    + io.recall.report.internal.Html.count(s.customers(), locale)));
        }
    }
}
