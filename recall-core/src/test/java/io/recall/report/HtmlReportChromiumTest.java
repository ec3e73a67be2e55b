package io.recall.report;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders the sample report in a real headless Chromium: the DOM it builds holds the headings and the SVG
 * charts, and a screenshot is a non-blank PNG of the window's size. Chromium is looked up at
 * {@code /usr/bin/chromium}, or where the system property {@code recall.chromium} says; when it is missing
 * the test fails (CI installs it), it never skips.
 */
class HtmlReportChromiumTest {

    static final int WIDTH = 1280;
    static final int HEIGHT = 2000;

    static Path chromium() {
        Path p = Path.of(System.getProperty("recall.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(p)) {
            fail("Chromium is needed to check the HTML report but " + p + " is missing or not executable. Install it"
                    + " (Debian: apt-get install -y chromium) or point -Drecall.chromium=/path/to/chromium at it.");
        }
        return p;
    }

    static String run(Path chromium, Path profile, Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("chromium-" + System.nanoTime() + ".log");
        Path outFile = dir.resolve("chromium-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(outFile.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish in 90 s: " + cmd + "\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), () -> "Chromium failed: " + cmd + "\n" + read(log));
        return Files.readString(outFile, StandardCharsets.UTF_8);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void chromiumRendersTheReport() throws Exception {
        Path chromium = chromium();
        Path dir = Files.createDirectories(Path.of("target", "report-chromium")).toAbsolutePath();
        Path html = dir.resolve("report.html");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            HtmlReport.write(ReportSamples.sample(false), Locale.ENGLISH, w);
        }
        Path profile = Files.createTempDirectory("recall-chromium-");
        try {
            String dom = run(chromium, profile, dir, "--dump-dom", html.toUri().toString());
            for (String heading : List.of("<h1>Winter win-back report</h1>", "<h2>Segment sizes</h2>",
                    "<h2>Recency x frequency heat map</h2>", "<h2>Offers and budget</h2>",
                    "<h3>Offers per segment</h3>", "<h2>Funnel per channel</h2>", "<h2>Follow-up journeys</h2>",
                    "<h2>Uplift per campaign, segment and channel</h2>")) {
                assertTrue(dom.contains(heading), "the DOM lacks " + heading);
            }
            for (String svg : List.of("segments-chart", "heatmap-chart", "budget-chart", "funnel-chart",
                    "journey-chart", "forest-plot")) {
                assertTrue(dom.contains("<svg class=\"" + svg + "\""), "the DOM lacks the SVG " + svg);
            }
            assertEquals(25, HtmlReportTest.count(dom, "<rect class=\"cell\""));
            assertEquals(0, HtmlReportTest.count(dom, "<script"));

            Path png = dir.resolve("report.png");
            Files.deleteIfExists(png);
            run(chromium, profile, dir, "--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT,
                    html.toUri().toString());
            assertTrue(Files.size(png) > 10_000, "a screenshot of the report is not tiny");
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(WIDTH, img.getWidth());
            assertEquals(HEIGHT, img.getHeight());
            int white = 0;
            int blue = 0;
            int samples = 0;
            for (int y = 0; y < HEIGHT; y += 8) {
                for (int x = 0; x < WIDTH; x += 8) {
                    int rgb = img.getRGB(x, y) & 0xFFFFFF;
                    samples++;
                    if (rgb == 0xFFFFFF) {
                        white++;
                    }
                    int r = rgb >> 16 & 0xFF;
                    int g = rgb >> 8 & 0xFF;
                    int b = rgb & 0xFF;
                    if (b > 100 && b > r + 40 && b > g + 20) {
                        blue++;
                    }
                }
            }
            assertTrue(white < samples, "the screenshot is all white");
            assertTrue(blue > samples / 200, "the charts' blue shows in the screenshot: " + blue + " of " + samples);
        } finally {
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
