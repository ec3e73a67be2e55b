package io.recall.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code recall callback-list} and {@code recall audience} on the real Online Retail data (4,338 customers), with a
 * generated contacts file: fictional UK numbers from Ofcom's drama ranges, {@code example.com} addresses, and a
 * mix of consent answers, zones and broken numbers.
 */
class WinBackExportCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DRAMA = List.of("+447700900", "+441134960", "+441144960", "+441154960",
            "+441164960", "+441174960", "+441184960", "+441214960", "+441314960", "+441414960", "+441514960",
            "+441614960", "+441914980", "+442079460", "+442896496", "+442920180", "+441632960");
    private static final String NOW = "2011-12-12T09:30:00Z";

    @TempDir
    static Path dir;
    static Path contacts;
    static List<String> rawIdentifiers = new ArrayList<>();

    private static CustomerBase onlineRetail;

    /** Online Retail imported and segmented once for every test here: the import is the slow part. */
    static synchronized CustomerBase onlineRetail() throws IOException {
        if (onlineRetail == null) {
            onlineRetail = CustomerBase.load(SharedData.onlineRetail(), io.recall.ingest.InputFormat.ONLINE_RETAIL,
                    "seed4", java.util.Optional.empty(), true, io.recall.ingest.ProgressListener.NONE);
        }
        return onlineRetail;
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        // Main registers the commands once the lead wires them in; until then the test adds them the same way.
        if (!cli.getSubcommands().containsKey("callback-list")) {
            cli.addSubcommand(new CallbackListCommand());
        }
        if (!cli.getSubcommands().containsKey("audience")) {
            cli.addSubcommand(new AudienceCommand());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @BeforeAll
    static void contactsForEveryOnlineRetailCustomerId() throws IOException {
        StringBuilder csv = new StringBuilder("customer_id,name,email,phone,region,time_zone,callback_consent,ads_consent\n");
        for (int id = 12346; id <= 18287; id++) {
            String e164 = DRAMA.get((id / 1000) % DRAMA.size()) + String.format(Locale.ROOT, "%03d", id % 1000);
            // Half the numbers as people type them nationally, read with the region column.
            String phone = id % 17 == 0 ? "" : id % 19 == 0 ? "n/a" : id % 2 == 0 ? e164 : "0" + e164.substring(3);
            String email = id % 23 == 0 ? "" : "Customer." + id + "@Example.com";
            String zone = id % 7 == 0 ? "" : id % 3 == 0 ? "Europe/Paris" : "Europe/London";
            String callback = id % 10 == 0 ? "" : id % 10 == 1 ? "no" : "yes";
            String ads = id % 5 == 0 ? "" : id % 5 == 1 ? "no" : "yes";
            csv.append(id).append(",Customer ").append(id).append(',').append(email).append(',').append(phone)
                    .append(",GB,").append(zone).append(',').append(callback).append(',').append(ads).append('\n');
            if (!phone.isEmpty()) {
                rawIdentifiers.add(phone);
                rawIdentifiers.add(e164);
            }
            if (!email.isEmpty()) {
                rawIdentifiers.add(email);
            }
        }
        contacts = Files.writeString(dir.resolve("contacts.csv"), csv.toString());
    }

    @Nested
    class CallbackList {

        @Test
        void onlineRetailEveryCustomerIsListedOrExcludedAndTheCountsReconcile() throws IOException {
            Path csv = dir.resolve("callback.csv");
            Path json = dir.resolve("callback.json");
            Path complaints = Files.writeString(dir.resolve("complaints.csv"), "customer_id,complaint_id,opened_at,"
                    + "resolved_at,summary\n12347,T-1,2011-11-30,,parcel late\n12347,T-2,2011-12-01T10:00:00Z,,\"wrong"
                    + " size, sent back\"\n12348,T-3,2011-10-01,2011-10-03,resolved\n");
            CallbackListCommand command = new CallbackListCommand();
            new CommandLine(command).parseArgs("--input", SharedData.onlineRetail().toString(), "--format",
                    "online-retail", "--contacts", contacts.toString(), "--complaints", complaints.toString(), "--now", NOW,
                    "--alive-below", "0.9", "--rules", Files.writeString(dir.resolve("rules.json"), OffersCommandTest.RULES)
                            .toString(), "--output", csv.toString(), "--json", json.toString());
            io.recall.examples.callback.CallbackList list = CallbackListCommand.run(command.settings(),
                    WinBackExportCommandsTest::onlineRetail);
            StringWriter printed = new StringWriter();
            CallbackListCommand.print(new PrintWriter(printed), list);
            JsonNode root = JSON.readTree(json.toFile());
            assertEquals(4_338, root.get("considered").asInt());
            int excluded = 0;
            for (JsonNode n : root.get("excludedByReason")) {
                excluded += n.asInt();
            }
            assertEquals(4_338, root.get("listed").asInt() + excluded);
            assertEquals(root.get("listed").asInt(), root.get("entries").size());
            assertEquals(excluded, root.get("exclusions").size());
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertEquals(root.get("listed").asInt() + 1, lines.size());
            assertTrue(root.get("listed").asInt() > 100, root.toString().substring(0, 400));
            for (String reason : List.of("not-target-segment", "not-at-risk", "no-phone", "invalid-phone",
                    "no-phone-consent", "phone-consent-withdrawn")) {
                assertTrue(root.at("/excludedByReason/" + reason).asInt() > 0, reason + " in " + root.get("excludedByReason"));
            }
            // Every listed customer consented, has an E.164 number and a slot in a calling window on their clock.
            for (JsonNode e : root.get("entries")) {
                int id = Integer.parseInt(e.get("customerId").asText());
                assertTrue(id % 10 >= 2, "customer " + id + " did not consent");
                assertTrue(e.get("phone").asText().matches("\\+44[0-9]{9,10}"), e.toString());
                assertTrue(Set.of("important-value", "important-develop").contains(e.get("segment").asText()));
                java.time.ZonedDateTime from = java.time.OffsetDateTime.parse(e.at("/bestTimeToCall/from").asText())
                        .atZoneSameInstant(java.time.ZoneId.of(e.get("timeZone").asText()));
                assertTrue(from.getDayOfWeek() != DayOfWeek.SUNDAY, e.toString());
                int minute = from.getHour() * 60 + from.getMinute();
                assertTrue((minute >= 600 && minute < 720) || (minute >= 840 && minute < 1080), e.toString());
            }
            assertTrue(printed.toString().contains("4,338 customers considered"), printed.toString());
            assertTrue(root.findValuesAsText("atRiskBecause").stream().anyMatch(w -> w.contains("P(alive)")),
                    "some customers are at risk by the BG/NBD prediction");
            assertTrue(root.findValuesAsText("atRiskBecause").stream().anyMatch(w -> w.startsWith("overdue")),
                    "some customers are overdue on their own rhythm");
            // The rule set gives important-value customers member benefits: the caller mentions them.
            for (JsonNode e : root.get("entries")) {
                assertEquals(e.get("segment").asText().equals("important-value"), e.has("offer"), e.toString());
            }
            JsonNode complained = null;
            for (JsonNode e : root.get("entries")) {
                if (e.get("customerId").asText().equals("12347")) {
                    complained = e;
                }
            }
            if (complained != null) {
                assertEquals(2, complained.at("/complaints/open").asInt());
                assertEquals("wrong size, sent back", complained.at("/complaints/latest/summary").asText());
            }
        }

        @Test
        void contactsAndComplaintsFilesSavedByExcelWithAByteOrderMarkAreRead(@TempDir Path own) throws IOException {
            Path bomContacts = Files.writeString(own.resolve("contacts.csv"), "\uFEFFcustomer_id,name,email,phone,"
                    + "ads_consent\n12346,Ada,ada@example.test,+447700900123,yes\n", StandardCharsets.UTF_8);
            ContactsFile.Contacts c = ContactsFile.readContacts(bomContacts,
                    io.recall.examples.phone.LibPhoneNumberNormalizer.lenient(), "GB", java.time.Instant.EPOCH);
            assertEquals(1, c.rows());
            Path bomComplaints = Files.writeString(own.resolve("complaints.csv"), "\uFEFFcustomer_id,complaint_id,"
                    + "opened_at\n12346,T-1,2011-11-30\n", StandardCharsets.UTF_8);
            assertEquals(Set.of("12346"), ContactsFile.readComplaints(bomComplaints, java.time.ZoneOffset.UTC).keySet());
        }

        @Test
        void aBadContactsFileNamesTheLineAndTheColumn() throws IOException {
            Path bad = Files.writeString(dir.resolve("bad-contacts.csv"), "customer_id,phone,time_zone,callback_consent\n"
                    + "12346,+447700900001,Europe/London,yes\n12347,+447700900002,Mars/Olympus,yes\n");
            Run r = run("callback-list", "--input", SharedData.onlineRetail().toString(), "--format", "online-retail",
                    "--contacts", bad.toString(), "--output", dir.resolve("x.csv").toString());
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("line 3: column 'time_zone': expected an IANA zone such as Europe/London but"
                    + " found 'Mars/Olympus'"), r.err());
            Path noId = Files.writeString(dir.resolve("no-id.csv"), "id,phone\n1,+447700900001\n");
            Run r2 = run("callback-list", "--input", SharedData.onlineRetail().toString(), "--format", "online-retail",
                    "--contacts", noId.toString(), "--output", dir.resolve("x.csv").toString());
            assertEquals(1, r2.exit());
            assertTrue(r2.err().contains("line 1: no-id.csv header lacks column 'customer_id'"), r2.err());
            Path consent = Files.writeString(dir.resolve("bad-consent.csv"), "customer_id,callback_consent\n1,maybe\n");
            Run r3 = run("callback-list", "--input", SharedData.onlineRetail().toString(), "--format", "online-retail",
                    "--contacts", consent.toString(), "--output", dir.resolve("x.csv").toString());
            assertTrue(r3.err().contains("line 2: column 'callback_consent': expected yes, no or empty but found 'maybe'"),
                    r3.err());
            Path twice = Files.writeString(dir.resolve("twice.csv"), "customer_id,phone\n7,+447700900001\n7,+447700900002\n");
            Run r4 = run("callback-list", "--input", SharedData.onlineRetail().toString(), "--format", "online-retail",
                    "--contacts", twice.toString(), "--output", dir.resolve("x.csv").toString());
            assertTrue(r4.err().contains("line 3: customer_id '7' appears twice"), r4.err());
            Path complaints = Files.writeString(dir.resolve("bad-complaints.csv"),
                    "customer_id,complaint_id,opened_at\n7,T-1,yesterday\n");
            Run r5 = run("callback-list", "--input", SharedData.onlineRetail().toString(), "--format", "online-retail",
                    "--contacts", contacts.toString(), "--complaints", complaints.toString(),
                    "--output", dir.resolve("x.csv").toString());
            assertEquals(1, r5.exit());
            assertTrue(r5.err().contains("line 2: column 'opened_at': expected an ISO date (2011-12-09) or instant"
                    + " (2011-12-09T10:15:00Z) but found 'yesterday'"), r5.err());
        }

        @Test
        void optionsBecomeAPolicy() {
            CommandLine.ParseResult parsed = new CommandLine(new CallbackListCommand()).parseArgs("--input", "x.csv",
                    "--format", "online-retail", "--contacts", "c.csv", "--output", "o.csv", "--windows", "09:00-11:00",
                    "--days", "FRI-MON", "--silent-days", "0", "--segments", "important-value");
            CallbackListCommand.Settings s = ((CallbackListCommand) parsed.commandSpec().userObject()).settings();
            assertEquals(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
                    s.policy().hours().days());
            assertEquals("[09:00-11:00]", s.policy().hours().windows().toString());
            assertTrue(s.policy().atRisk().silentDays().isEmpty());
            assertEquals(Set.of("important-value"), s.policy().segments());
        }

        @Test
        void badPolicyOptionsAreUsageErrors() {
            Run r = run("callback-list", "--input", "x.csv", "--format", "online-retail", "--contacts", "c.csv",
                    "--output", "o.csv", "--windows", "12:00-10:00");
            assertEquals(2, r.exit());
            assertTrue(r.err().contains("--windows/--days: a calling window must start before it ends"), r.err());
        }
    }

    @Nested
    class EndToEnd {

        @Test
        void bothCommandsRunFromTheCommandLineAndReconcile() throws IOException {
            StringBuilder orders = new StringBuilder("customer_id,order_id,ordered_at,amount,currency,kind,sku,category,"
                    + "quantity,refund_id\n");
            for (int c = 1; c <= 12; c++) {
                for (int o = 1; o <= c % 5 + 1; o++) {
                    orders.append(12340 + c).append(",O").append(c).append('-').append(o).append(",2011-")
                            .append(String.format(Locale.ROOT, "%02d", (c * o) % 11 + 1)).append("-15T10:00:00Z,")
                            .append(10 * c + o).append(".00,GBP,purchase,SKU,cat,1,\n");
                }
            }
            Path input = Files.writeString(dir.resolve("orders.csv"), orders.toString());
            StringBuilder few = new StringBuilder("customer_id,phone,email,time_zone,callback_consent,ads_consent\n");
            for (int c = 1; c <= 12; c++) {
                few.append(12340 + c).append(",+4477009001").append(String.format(Locale.ROOT, "%02d", c))
                        .append(",c").append(c).append("@example.com,Asia/Shanghai,").append(c % 3 == 0 ? "no" : "yes")
                        .append(',').append(c % 4 == 0 ? "" : "yes").append('\n');
            }
            Path contacts = Files.writeString(dir.resolve("few-contacts.csv"), few.toString());
            Path json = dir.resolve("small.json");
            Run callback = run("callback-list", "--input", input.toString(), "--format", "generic", "--contacts",
                    contacts.toString(), "--now", NOW, "--silent-days", "30", "--output", dir.resolve("small.csv").toString(),
                    "--json", json.toString());
            assertEquals(0, callback.exit(), callback.err());
            assertTrue(callback.out().contains("12 customers considered"), callback.out());
            JsonNode root = JSON.readTree(json.toFile());
            assertEquals(12, root.get("listed").asInt() + root.get("excluded").asInt());
            Run audience = run("audience", "--input", input.toString(), "--format", "generic", "--contacts",
                    contacts.toString(), "--destination", "google", "--segments", "important-value,general", "--now", NOW,
                    "--output", dir.resolve("google.csv").toString());
            assertEquals(0, audience.exit(), audience.err());
            assertEquals("Email,Phone", Files.readAllLines(dir.resolve("google.csv")).get(0));
        }
    }

    @Nested
    class Audience {

        @Test
        void onlineRetailMetaAudienceIsHashedReconciledAndFreeOfRawIdentifiers() throws IOException {
            Path out = dir.resolve("meta.csv");
            AudienceCommand command = new AudienceCommand();
            new CommandLine(command).parseArgs("--input", SharedData.onlineRetail().toString(), "--format",
                    "online-retail", "--contacts", contacts.toString(), "--destination", "meta", "--now", NOW,
                    "--output", out.toString());
            io.recall.examples.audience.AudienceList list = AudienceCommand.run(command.settings(),
                    WinBackExportCommandsTest::onlineRetail);
            StringWriter printed = new StringWriter();
            AudienceCommand.print(new PrintWriter(printed), list);
            Run r = new Run(0, printed.toString(), "");
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertEquals("email,phone", lines.get(0));
            String file = String.join("\n", lines);
            // Every row is hashes only, so no e-mail ('@') or E.164 number ('+') can hide in the file; a phone's
            // digits could only hide inside a run of digits in a hash, so those runs are searched for every number.
            assertFalse(file.contains("@") || file.contains("+"), "an e-mail address or E.164 number in the file");
            List<String> digitRuns = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                assertTrue(line.matches("([0-9a-f]{64})?,([0-9a-f]{64})?") && !line.equals(","), line);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9]{9,}").matcher(line);
                while (m.find()) {
                    digitRuns.add(m.group());
                }
            }
            for (String raw : rawIdentifiers) {
                String digits = raw.replaceAll("[^0-9]", "");
                assertFalse(!raw.contains("@") && digits.length() >= 9
                        && digitRuns.stream().anyMatch(run -> run.contains(digits)), "a phone number's digits in the file");
            }
            // "meta audience: 4,338 customers considered, N members, M left off" and the reasons add up.
            String[] words = r.out().split("\\s+");
            int members = Integer.parseInt(words[5].replace(",", ""));
            int leftOff = Integer.parseInt(words[7].replace(",", ""));
            assertTrue(r.out().startsWith("meta audience: 4,338 customers considered"), r.out());
            assertEquals(4_338, members + leftOff);
            assertEquals(members + 1, lines.size());
            assertTrue(r.out().matches("(?s).*no-ad-consent\\s+[1-9].*ad-consent-withdrawn\\s+[1-9].*"), r.out());
        }

        @Test
        void anUnknownDestinationIsAUsageError() {
            Run r = run("audience", "--input", "x.csv", "--format", "online-retail", "--contacts", "c.csv",
                    "--destination", "tiktok", "--output", "o.csv");
            assertEquals(2, r.exit());
            assertTrue(r.err().contains("--destination must be google or meta but was 'tiktok'"), r.err());
        }
    }
}
