package io.recall.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recall journeys advance}: parsing without I/O, bad journeys, and advancing the demo's journeys. */
class JourneysCommandTest {

    @TempDir
    Path dir;

    @Nested
    class Parsing {
        private JourneysCommand.Advance parse(String... args) {
            CommandLine cli = Main.commandLine();
            CommandLine.ParseResult r = cli.parseArgs(args);
            return (JourneysCommand.Advance) r.subcommand().subcommand().commandSpec().userObject();
        }

        @Test
        void defaultsComeFromTheFolder() throws IOException {
            Files.writeString(dir.resolve("contacts.csv"), "customer_id\n");
            JourneysCommand.Advance a = parse("journeys", "advance", "--config", "a.json", "--config", "b.json",
                    "--now", "2026-03-05T09:00:00Z", "--dir", dir.toString());
            JourneysCommand.Advance.Settings s = a.settings();
            assertEquals(List.of(Path.of("a.json"), Path.of("b.json")), s.configs());
            assertEquals(Instant.parse("2026-03-05T09:00:00Z"), s.now());
            assertEquals(CampaignJob.Database.defaultUrl(dir), s.db());
            assertEquals(dir.resolve("contacts.csv"), s.contacts().orElseThrow());
            assertEquals(List.of(), s.records(), "no campaign-record.csv in the folder");
        }

        @Test
        void configAndNowAreRequired() {
            assertEquals(2, SegmentCommandTest.run("journeys", "advance", "--config", "a.json").exit());
            assertEquals(2, SegmentCommandTest.run("journeys", "advance", "--now", "2026-03-05T09:00:00Z").exit());
            assertEquals(2, SegmentCommandTest.run("journeys", "advance", "--config", "a.json", "--now", "tomorrow")
                    .exit());
        }
    }

    @Test
    void aBadJourneyExitsOneNamingEveryProblemsJsonPath() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                {"type": "recall-journey", "version": 1, "id": "bad", "trigger": {"kind": "not-opened", "within": "3 days"},
                 "start": "a", "steps": [{"id": "a", "kind": "send", "channel": "fax", "template": "t", "next": "z"}]}
                """);
        SegmentCommandTest.Run r = SegmentCommandTest.run("journeys", "advance", "--config", bad.toString(), "--now",
                "2026-03-05T09:00:00Z", "--dir", dir.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("$.trigger.within"), r.err());
        assertTrue(Files.notExists(dir.resolve("recall-db.mv.db")), "nothing is opened before the journeys are valid");
    }

    @Test
    void advancingTheDemosDatabaseIsIdempotentAndANewJourneyEnqueuesOnce() throws IOException {
        Path demo = dir.resolve("demo");
        assertEquals(0, SegmentCommandTest.run("demo", "--customers", "400", "--out", demo.toString()).exit());
        JsonNode summary = new ObjectMapper().readTree(demo.resolve("summary.json").toFile());
        Instant end = LocalDate.parse(summary.get("asOf").asText()).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plus(DemoCommand.WINDOW);
        Path shipped = Files.writeString(dir.resolve("not-opened.json"),
                CampaignJob.resource(JourneyJob.EXAMPLE_JOURNEYS.get(0)));

        // The demo advanced its journeys to the end of the window: doing it again changes nothing.
        SegmentCommandTest.Run again = SegmentCommandTest.run("journeys", "advance", "--config", shipped.toString(),
                "--now", end.toString(), "--dir", demo.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("recorded 0 new facts"), again.out());
        assertTrue(again.out().contains("journey win-back-not-opened: 0 entered, 0 steps, 0 messages enqueued"),
                again.out());

        // A new journey over the same facts: e-mails not opened within a day get an SMS, once.
        Path nudge = Files.writeString(dir.resolve("nudge.json"), """
                {"type": "recall-journey", "version": 1, "id": "next-day-nudge",
                 "trigger": {"kind": "not-opened", "within": "P1D"}, "exitOnPurchase": true, "start": "sms",
                 "steps": [{"id": "sms", "kind": "send", "channel": "sms", "template": "nudge", "next": "end"},
                           {"id": "end", "kind": "exit"}]}
                """);
        SegmentCommandTest.Run first = SegmentCommandTest.run("journeys", "advance", "--config", nudge.toString(),
                "--now", end.toString(), "--dir", demo.toString());
        assertEquals(0, first.exit(), first.err());
        long enqueued = number(first.out(), "(\\d[\\d,]*) messages enqueued");
        long entered = number(first.out(), "next-day-nudge: (\\d[\\d,]*) entered");
        assertTrue(entered > 0 && enqueued > 0 && enqueued <= entered, first.out());
        SegmentCommandTest.Run second = SegmentCommandTest.run("journeys", "advance", "--config", nudge.toString(),
                "--now", end.toString(), "--dir", demo.toString());
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("next-day-nudge: 0 entered, 0 steps, 0 messages enqueued"), second.out());
        assertTrue(second.out().contains("outbox: enqueued"), second.out());
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), text);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
