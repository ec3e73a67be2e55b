package io.recall.examples.callback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.incentive.Decision;
import io.recall.incentive.Grant;
import io.recall.model.CustomerProfile;
import io.recall.model.Money;
import io.recall.rfm.RfmMetrics;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the call-back list and writes it as CSV (for the call team) and JSON (entries, exclusions and counts).
 *
 * <p>Each candidate is checked in order: in a target segment, at risk, has a contact record, has a phone number,
 * the number is E.164, and the consent ledger holds a current {@link Channel#CALLBACK_LIST} grant for
 * {@link Purpose#MARKETING} at the clock's instant. The first check that fails excludes the customer with that
 * reason; those who pass get the next calling slot on their own clock. Stateless and thread-safe.
 */
public final class CallbackExport {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private CallbackExport() {
    }

    /**
     * Builds the list.
     *
     * @param candidates every customer to consider, each once
     * @param asOf       the date the metrics are as of (the last purchase is {@code asOf - recencyDays})
     * @param policy     who qualifies and when to call
     * @param consents   the consent ledger
     * @param clock      "now": consent must be current then, and slots start from it
     */
    public static CallbackList build(List<CallbackCandidate> candidates, LocalDate asOf, CallbackPolicy policy,
                                     ConsentLedger consents, Clock clock) {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(consents, "consents");
        Instant now = Objects.requireNonNull(clock, "clock").instant();
        List<CallbackEntry> entries = new ArrayList<>();
        List<CallbackExclusion> exclusions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CallbackCandidate c : List.copyOf(candidates)) {
            if (!seen.add(c.customerId())) {
                throw new IllegalArgumentException("customer " + c.customerId() + " is a candidate twice");
            }
            Optional<CallbackExclusion> excluded = check(c, policy, consents, now);
            if (excluded.isPresent()) {
                exclusions.add(excluded.get());
            } else {
                entries.add(entry(c, asOf, policy, now));
            }
        }
        // Highest spend first, within each currency (amounts in different currencies do not compare).
        entries.sort(Comparator.comparing((CallbackEntry e) -> e.spend().currency().getCurrencyCode())
                .thenComparing(e -> e.spend().amount(), Comparator.reverseOrder())
                .thenComparing(CallbackEntry::customerId));
        return new CallbackList(asOf, now, seen.size(), entries, exclusions);
    }

    private static Optional<CallbackExclusion> check(CallbackCandidate c, CallbackPolicy policy, ConsentLedger consents,
                                                     Instant now) {
        String id = c.customerId();
        String segment = c.classification().segment().id();
        if (!policy.segments().contains(segment)) {
            return exclude(id, CallbackExclusion.Reason.NOT_TARGET_SEGMENT, "segment " + segment);
        }
        if (policy.atRisk().reason(c.classification().metrics(), c.probabilityAlive()).isEmpty()) {
            RfmMetrics m = c.classification().metrics();
            return exclude(id, CallbackExclusion.Reason.NOT_AT_RISK, m.recencyDays() + " days since the last of "
                    + m.frequency() + " orders");
        }
        if (c.profile().isEmpty()) {
            return exclude(id, CallbackExclusion.Reason.NO_CONTACT_RECORD, "no contact record");
        }
        List<String> phones = c.profile().get().phones();
        if (phones.isEmpty()) {
            return exclude(id, CallbackExclusion.Reason.NO_PHONE, "contact record without a phone number");
        }
        if (phone(c.profile().get()).isEmpty()) {
            return exclude(id, CallbackExclusion.Reason.INVALID_PHONE, phones.size()
                    + " phone numbers, none in E.164 form");
        }
        Optional<ConsentEntry> consent = consents.current(id, Channel.CALLBACK_LIST, Purpose.MARKETING, now);
        if (consent.isEmpty()) {
            return exclude(id, CallbackExclusion.Reason.NO_PHONE_CONSENT, "no call-back consent on record at " + now);
        }
        if (consent.get().decision() == ConsentEntry.Decision.WITHDRAWN) {
            return exclude(id, CallbackExclusion.Reason.PHONE_CONSENT_WITHDRAWN, "withdrawn at " + consent.get().at()
                    + " through " + consent.get().source());
        }
        return Optional.empty();
    }

    private static Optional<CallbackExclusion> exclude(String id, CallbackExclusion.Reason reason, String detail) {
        return Optional.of(new CallbackExclusion(id, reason, detail));
    }

    private static Optional<Address.Phone> phone(CustomerProfile p) {
        for (String raw : p.phones()) {
            try {
                return Optional.of(new Address.Phone(raw.strip()));
            } catch (IllegalArgumentException notE164) {
                // try the next one
            }
        }
        return Optional.empty();
    }

    private static CallbackEntry entry(CallbackCandidate c, LocalDate asOf, CallbackPolicy policy, Instant now) {
        CustomerProfile p = c.profile().orElseThrow();
        ZoneId zone = p.timeZone().orElse(policy.defaultZone());
        RfmMetrics m = c.classification().metrics();
        List<Complaint> open = c.complaints().stream().filter(x -> x.isOpenAt(now))
                .sorted(Comparator.comparing(Complaint::openedAt).reversed()).toList();
        return new CallbackEntry(c.customerId(), p.name(), new Address.CallbackEntry(phone(p).orElseThrow(), zone),
                c.classification().segment().id(), c.classification().segment().label(Locale.ENGLISH),
                policy.atRisk().reason(m, c.probabilityAlive()).orElseThrow(), policy.hours().nextSlot(now, zone),
                m.frequency(), m.monetary(), asOf.minusDays(m.recencyDays()), open.size(),
                open.stream().findFirst(), c.decision().filter(d -> !d.isEmpty()).map(d -> offer(d, zone)));
    }

    private static CallbackEntry.OfferToMention offer(Decision d, ZoneId zone) {
        String description = d.grants().stream().map(g -> g.offer().describe()).collect(Collectors.joining(" + "));
        Money value = d.grants().get(0).value();
        for (Grant g : d.grants().subList(1, d.grants().size())) {
            value = value.plus(g.value());
        }
        Instant until = d.grants().stream().map(Grant::expiresAt).min(Comparator.naturalOrder()).orElseThrow();
        // The last day the offer is valid on the customer's calendar: an expiry at midnight ends the day before.
        LocalDate last = LocalDate.ofInstant(until.minusNanos(1), zone);
        return new CallbackEntry.OfferToMention(description, value, last);
    }

    /** The CSV header, one column per field the call team reads. */
    public static final String CSV_HEADER = "customer_id,name,phone,time_zone,call_from_local,call_until_local,"
            + "call_from_utc,segment,at_risk_because,orders,spend,currency,last_purchase,open_complaints,"
            + "latest_complaint,offer,offer_value,offer_valid_until";

    /** Writes the entries as CSV (RFC 4180 quoting), in the list's order. */
    public static void writeCsv(CallbackList list, Writer out) throws IOException {
        out.write(CSV_HEADER + "\n");
        for (CallbackEntry e : list.entries()) {
            // Free text from customers (name, complaint summary) and offer descriptions are defused; the phone cell is
            // not, since an E.164 number legitimately starts with '+'.
            List<String> cells = List.of(e.customerId(), defused(e.name().orElse("")), e.contact().phone().e164(),
                    e.contact().zone().getId(), LOCAL.format(e.bestTime().from()), LOCAL.format(e.bestTime().until()),
                    e.bestTime().from().toInstant().toString(), e.segmentId(), e.atRiskBecause(),
                    Integer.toString(e.orders()), e.spend().amount().toPlainString(),
                    e.spend().currency().getCurrencyCode(), e.lastPurchase().toString(),
                    Integer.toString(e.openComplaints()),
                    e.latestComplaint().map(x -> defused(LocalDate.ofInstant(x.openedAt(), e.contact().zone()) + " "
                            + x.summary())).orElse(""),
                    e.offer().map(o -> defused(o.description())).orElse(""),
                    e.offer().map(o -> o.value().amount().toPlainString() + " " + o.value().currency().getCurrencyCode())
                            .orElse(""),
                    e.offer().map(o -> o.validUntil().toString()).orElse(""));
            out.write(cells.stream().map(CallbackExport::csv).collect(Collectors.joining(",")) + "\n");
        }
        out.flush();
    }

    /** Writes the whole list as JSON: counts by reason, entries and exclusions. */
    public static void writeJson(CallbackList list, Writer out) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("asOf", list.asOf().toString());
        root.put("generatedAt", list.generatedAt().toString());
        root.put("considered", list.considered());
        root.put("listed", list.entries().size());
        root.put("excluded", list.exclusions().size());
        ObjectNode reasons = root.putObject("excludedByReason");
        list.excludedByReason().forEach((r, n) -> reasons.put(r.name().toLowerCase(Locale.ROOT).replace('_', '-'), n));
        ArrayNode entries = root.putArray("entries");
        for (CallbackEntry e : list.entries()) {
            ObjectNode n = entries.addObject();
            n.put("customerId", e.customerId());
            e.name().ifPresent(v -> n.put("name", v));
            n.put("phone", e.contact().phone().e164());
            n.put("timeZone", e.contact().zone().getId());
            ObjectNode slot = n.putObject("bestTimeToCall");
            slot.put("from", e.bestTime().from().toOffsetDateTime().toString());
            slot.put("until", e.bestTime().until().toOffsetDateTime().toString());
            n.put("segment", e.segmentId());
            n.put("segmentLabel", e.segmentLabel());
            n.put("atRiskBecause", e.atRiskBecause());
            ObjectNode purchases = n.putObject("purchases");
            purchases.put("orders", e.orders());
            purchases.put("spend", e.spend().amount().toPlainString());
            purchases.put("currency", e.spend().currency().getCurrencyCode());
            purchases.put("lastPurchase", e.lastPurchase().toString());
            ObjectNode complaints = n.putObject("complaints");
            complaints.put("open", e.openComplaints());
            e.latestComplaint().ifPresent(x -> {
                ObjectNode latest = complaints.putObject("latest");
                latest.put("id", x.id());
                latest.put("openedAt", x.openedAt().toString());
                latest.put("summary", x.summary());
            });
            e.offer().ifPresent(o -> {
                ObjectNode offer = n.putObject("offer");
                offer.put("description", o.description());
                offer.put("value", o.value().amount().toPlainString());
                offer.put("currency", o.value().currency().getCurrencyCode());
                offer.put("validUntil", o.validUntil().toString());
            });
        }
        ArrayNode exclusions = root.putArray("exclusions");
        for (CallbackExclusion x : list.exclusions()) {
            exclusions.addObject().put("customerId", x.customerId())
                    .put("reason", x.reason().name().toLowerCase(Locale.ROOT).replace('_', '-')).put("detail", x.detail());
        }
        out.write(json.writeValueAsString(root));
        out.write('\n');
        out.flush();
    }

    /**
     * A free-text cell a spreadsheet would run as a formula (OWASP CSV injection: a leading {@code = + - @}, tab or
     * carriage return) gets a leading apostrophe. Only for free text: names and complaint summaries come from
     * customers.
     */
    private static String defused(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
