package io.recall.examples.cli;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.examples.callback.Complaint;
import io.recall.identity.PhoneNormalizer;
import io.recall.ingest.ImportException;
import io.recall.model.CustomerProfile;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the contact and complaint files of {@code recall callback-list} and {@code recall audience}: CSV with a
 * header, columns found by name, extra columns ignored.
 *
 * <p>Contacts: {@code customer_id} (required), {@code name}, {@code email}, {@code phone} (several separated by
 * {@code ;}, most preferred first; phones in any format the {@code region} column, an ISO country code, can read),
 * {@code time_zone} (IANA), {@code callback_consent} and {@code ads_consent} ({@code yes}, {@code no} = withdrawn,
 * or empty = never asked). Complaints: {@code customer_id}, {@code complaint_id}, {@code opened_at} and
 * {@code resolved_at} (ISO instant, or a date read in the default zone), {@code summary}.
 */
final class ContactsFile {

    /**
     * What the contacts file holds.
     *
     * @param profiles contact records by customer id
     * @param consents a ledger with each file row's consent answers, recorded at {@code consentAt}
     * @param rows     data rows read
     */
    record Contacts(Map<String, CustomerProfile> profiles, ConsentLedger consents, int rows) {
    }

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES);

    private ContactsFile() {
    }

    static Contacts readContacts(Path file, PhoneNormalizer phones, String defaultRegion, Instant consentAt)
            throws IOException {
        Map<String, CustomerProfile> profiles = new LinkedHashMap<>();
        ConsentLedger ledger = new IndexedLedger();
        int rows = read(file, Set.of("customer_id"), (line, row) -> {
            String id = row.required("customer_id");
            if (profiles.containsKey(id)) {
                throw new ImportException(line, "customer_id '" + id + "' appears twice; expected one row per customer",
                        null);
            }
            CustomerProfile.Builder b = CustomerProfile.newBuilder(id);
            row.optional("name").ifPresent(b::name);
            b.emails(row.list("email"));
            Optional<String> region = row.optional("region").or(() -> Optional.of(defaultRegion));
            List<String> numbers = new ArrayList<>();
            for (String raw : row.list("phone")) {
                PhoneNormalizer.Result r = phones.normalize(raw, region);
                // An unreadable number is kept as given: the call-back list then excludes it as invalid, counted.
                numbers.add(r.e164().orElse(raw));
            }
            b.phones(numbers);
            row.optional("time_zone").ifPresent(z -> {
                try {
                    b.timeZone(ZoneId.of(z));
                } catch (DateTimeException e) {
                    throw new ImportException(line, "column 'time_zone': expected an IANA zone such as Europe/London"
                            + " but found '" + z + "'", e);
                }
            });
            profiles.put(id, b.build());
            consent(ledger, row, line, id, "callback_consent", Channel.CALLBACK_LIST, consentAt);
            consent(ledger, row, line, id, "ads_consent", Channel.AD_AUDIENCE, consentAt);
        });
        return new Contacts(Map.copyOf(profiles), ledger, rows);
    }

    static Map<String, List<Complaint>> readComplaints(Path file, ZoneId zone) throws IOException {
        Map<String, List<Complaint>> all = new HashMap<>();
        read(file, Set.of("customer_id", "complaint_id", "opened_at"), (line, row) -> {
            String id = row.required("customer_id");
            Instant opened = instant(row.required("opened_at"), zone, line, "opened_at");
            Optional<Instant> resolved = row.optional("resolved_at").map(v -> instant(v, zone, line, "resolved_at"));
            try {
                all.computeIfAbsent(id, k -> new ArrayList<>()).add(new Complaint(id, row.required("complaint_id"),
                        opened, resolved, row.optional("summary").orElse("")));
            } catch (IllegalArgumentException e) {
                throw new ImportException(line, e.getMessage(), e);
            }
        });
        return all;
    }

    private static Instant instant(String value, ZoneId zone, long line, String column) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant() : Instant.parse(value);
        } catch (DateTimeException e) {
            throw new ImportException(line, "column '" + column + "': expected an ISO date (2011-12-09) or instant"
                    + " (2011-12-09T10:15:00Z) but found '" + value + "'", e);
        }
    }

    private static void consent(ConsentLedger ledger, Row row, long line, String id, String column, Channel channel,
                                Instant at) {
        Optional<String> answer = row.optional(column).map(v -> v.toLowerCase(Locale.ROOT));
        if (answer.isEmpty()) {
            return;
        }
        String source = "contacts file line " + line;
        switch (answer.get()) {
            case "yes", "granted", "true" -> ledger.append(ConsentEntry.granted(id, channel, Purpose.MARKETING, at,
                    "contacts-file", source));
            case "no", "withdrawn", "false" -> ledger.append(ConsentEntry.withdrawn(id, channel, Purpose.MARKETING, at,
                    "contacts-file", source));
            default -> throw new ImportException(line, "column '" + column + "': expected yes, no or empty but found '"
                    + answer.get() + "'", null);
        }
    }

    /**
     * A ledger indexed by customer: the in-memory one scans every entry per lookup, which is quadratic over a
     * whole customer base. Same rules: the latest entry at or before the moment, ties to the later appended.
     */
    static final class IndexedLedger implements ConsentLedger {

        private final Map<String, List<ConsentEntry>> byCustomer = new HashMap<>();

        @Override
        public synchronized void append(ConsentEntry entry) {
            byCustomer.computeIfAbsent(entry.customerId(), k -> new ArrayList<>()).add(entry);
        }

        @Override
        public synchronized Optional<ConsentEntry> current(String customerId, Channel channel, Purpose purpose,
                                                           Instant asOf) {
            ConsentEntry latest = null;
            for (ConsentEntry e : byCustomer.getOrDefault(customerId, List.of())) {
                if (e.channel().equals(channel) && e.purpose() == purpose && !e.at().isAfter(asOf)
                        && (latest == null || !e.at().isBefore(latest.at()))) {
                    latest = e;
                }
            }
            return Optional.ofNullable(latest);
        }

        @Override
        public synchronized List<ConsentEntry> history(String customerId) {
            return List.copyOf(byCustomer.getOrDefault(customerId, List.of()));
        }
    }

    /** One data row, by column name. */
    private record Row(Map<String, Integer> columns, String[] cells, long line) {

        Optional<String> optional(String name) {
            Integer i = columns.get(name);
            if (i == null || i >= cells.length || cells[i] == null || cells[i].isBlank()) {
                return Optional.empty();
            }
            return Optional.of(cells[i].strip());
        }

        String required(String name) {
            return optional(name).orElseThrow(() -> new ImportException(line, "column '" + name
                    + "': expected a value but found none", null));
        }

        List<String> list(String name) {
            return optional(name).map(v -> Arrays.stream(v.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                    .toList()).orElse(List.of());
        }
    }

    private interface RowHandler {
        void accept(long line, Row row);
    }

    private static int read(Path file, Set<String> required, RowHandler handler) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file not found: " + file.toAbsolutePath());
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(reader)) {
            if (!it.hasNext()) {
                throw new ImportException(1, file.getFileName() + " is empty; expected a header with " + required, null);
            }
            String[] header = it.next();
            if (header.length > 0 && header[0].startsWith("\uFEFF")) {
                // Excel's "CSV UTF-8" starts the file with a byte-order mark; it is not part of the first column's name.
                header[0] = header[0].substring(1);
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                columns.putIfAbsent(header[i].strip().toLowerCase(Locale.ROOT), i);
            }
            for (String column : required) {
                if (!columns.containsKey(column)) {
                    throw new ImportException(1, file.getFileName() + " header lacks column '" + column
                            + "'; expected " + required + " and found " + Arrays.toString(header), null);
                }
            }
            int rows = 0;
            while (it.hasNext()) {
                // The header is line 1; a row is one line (quoted line breaks would shift later numbers).
                long line = rows + 2;
                String[] cells;
                try {
                    cells = it.next();
                } catch (RuntimeException e) {
                    throw new ImportException(line, "cannot parse CSV: " + e.getMessage(), e);
                }
                rows++;
                handler.accept(line, new Row(columns, cells, line));
            }
            return rows;
        }
    }
}
