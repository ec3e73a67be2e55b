package io.recall.examples.email;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.examples.email.internal.MessageIds;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.InputStream;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the reports mail systems send back about e-mail into {@link DeliveryEvent}s.
 *
 * <ul>
 *   <li><b>Delivery status notifications</b> (RFC 3464, {@code multipart/report; report-type=delivery-status}):
 *       one event per recipient block. {@code Action: failed} or {@code delayed} with a {@code Status} of 5.x.x is
 *       a {@link DeliveryEvent.Type#HARD_BOUNCE} (which suppresses the address), 4.x.x a
 *       {@link DeliveryEvent.Type#SOFT_BOUNCE} (counted; the provider may still deliver); {@code Action:
 *       delivered} is {@link DeliveryEvent.Type#DELIVERED}; {@code relayed} and {@code expanded} say nothing
 *       final and are skipped.</li>
 *   <li><b>Complaints</b> (ARF, RFC 5965, {@code report-type=feedback-report}) with {@code Feedback-Type: abuse}
 *       or {@code fraud}: {@link DeliveryEvent.Type#COMPLAINED}, which suppresses the address.</li>
 * </ul>
 * The original message is found by the {@code Message-ID} of the returned message or headers (third part), or
 * an {@code Original-Message-ID} field: it gives the event's provider id and, for a Message-ID the
 * {@link SmtpAdapter} made, the idempotency key. The recipient comes from {@code Original-Recipient}, else
 * {@code Final-Recipient} ({@code Original-Rcpt-To} in ARF). Details carry {@code status}, {@code action},
 * {@code diagnosticCode}, {@code reportType} and {@code feedbackType}. Anything else (an auto-reply, a report
 * naming no message) gives no event.
 */
public final class BounceReports {

    private static final Pattern STATUS = Pattern.compile("([245])\\.\\d{1,3}\\.\\d{1,3}");

    private BounceReports() {
    }

    /**
     * The events in a raw report (RFC 5322 bytes, as fetched from the bounce mailbox).
     *
     * @param rawMessage the report; read to its end, not closed
     * @param clock      the time of events whose report gives none
     * @return the events, possibly none
     * @throws IOException if the stream cannot be read or is not a mail message
     */
    public static List<DeliveryEvent> parse(InputStream rawMessage, Clock clock) throws IOException {
        Objects.requireNonNull(rawMessage, "rawMessage");
        Objects.requireNonNull(clock, "clock");
        try {
            return parse(new MimeMessage(Session.getInstance(new Properties()), rawMessage), clock.instant());
        } catch (MessagingException e) {
            throw new IOException("not a readable mail message: " + e.getMessage(), e);
        }
    }

    /**
     * The events in a report already read as a MIME message (an IMAP or POP3 message).
     *
     * @param report   the message
     * @param fallback the time of events whose report gives none
     * @return the events, possibly none
     * @throws MessagingException if the message cannot be read
     * @throws IOException        if its content cannot be read
     */
    public static List<DeliveryEvent> parse(MimeMessage report, Instant fallback) throws MessagingException, IOException {
        if (!report.isMimeType("multipart/report")) {
            return List.of();
        }
        String reportType = Optional.ofNullable(new ContentType(report.getContentType()).getParameter("report-type"))
                .orElse("").toLowerCase(Locale.ROOT);
        if (!(report.getContent() instanceof Multipart parts)) {
            return List.of();
        }
        Instant reportDate = Optional.ofNullable(report.getSentDate()).map(java.util.Date::toInstant).orElse(fallback);
        Optional<InternetHeaders> original = Optional.empty();
        Optional<BodyPart> fields = Optional.empty();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("message/rfc822") || part.isMimeType("message/global")
                    || part.isMimeType("text/rfc822-headers") || part.isMimeType("message/global-headers")) {
                try (InputStream in = part.getInputStream()) {
                    original = Optional.of(new InternetHeaders(in));   // reads the header block only
                }
            } else if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")
                    || part.isMimeType("message/feedback-report")) {
                fields = Optional.of(part);
            }
        }
        if (fields.isEmpty()) {
            return List.of();
        }
        List<InternetHeaders> groups = new ArrayList<>();
        byte[] body;
        try (InputStream raw = fields.get().getInputStream()) {
            body = raw.readAllBytes();
        }
        try (InputStream in = new java.io.ByteArrayInputStream(body)) {
            // RFC 3464 2.1: a per-message group, then one group per recipient, each a header block ended by a
            // blank line; InternetHeaders reads exactly one block per call.
            while (groups.size() < 1000) {
                InternetHeaders group = new InternetHeaders(in);
                if (!group.getAllHeaderLines().hasMoreElements()) {
                    if (in.available() <= 0) {
                        break;
                    }
                    continue;
                }
                groups.add(group);
            }
        }
        if (groups.isEmpty()) {
            return List.of();
        }
        InternetHeaders perMessage = groups.get(0);
        Optional<InternetHeaders> returned = original;
        Optional<String> messageId = returned.flatMap(h -> first(h, "Message-ID"))
                .or(() -> first(perMessage, "Original-Message-ID"))
                .map(MessageIds::strip).filter(s -> !s.isEmpty());
        List<DeliveryEvent> events = new ArrayList<>();
        if ("feedback-report".equals(reportType)) {
            String feedbackType = first(perMessage, "Feedback-Type").orElse("").trim().toLowerCase(Locale.ROOT);
            if (feedbackType.equals("abuse") || feedbackType.equals("fraud")) {
                Optional<Address> recipient = first(perMessage, "Original-Rcpt-To").flatMap(BounceReports::email)
                        .or(() -> returned.flatMap(h -> first(h, "To")).flatMap(BounceReports::email));
                Instant at = first(perMessage, "Arrival-Date").flatMap(BounceReports::date).orElse(reportDate);
                Map<String, String> details = new HashMap<>();
                details.put("reportType", reportType);
                details.put("feedbackType", feedbackType);
                event(DeliveryEvent.Type.COMPLAINED, at, messageId, recipient, details).ifPresent(events::add);
            }
            return List.copyOf(events);
        }
        if (!reportType.equals("delivery-status") && !reportType.equals("global-delivery-status")) {
            return List.of();
        }
        Optional<Instant> arrival = first(perMessage, "Arrival-Date").flatMap(BounceReports::date);
        for (InternetHeaders recipientGroup : groups.subList(1, groups.size())) {
            String action = first(recipientGroup, "Action").orElse("").trim().toLowerCase(Locale.ROOT);
            Optional<String> status = first(recipientGroup, "Status").map(STATUS::matcher).filter(Matcher::find)
                    .map(Matcher::group);
            DeliveryEvent.Type type;
            if (action.equals("delivered")) {
                type = DeliveryEvent.Type.DELIVERED;
            } else if ((action.equals("failed") || action.equals("delayed")) && status.isPresent()) {
                // Only a final failure is hard: "delayed" means the server is still trying (RFC 3464 2.3.3), so even
                // with a 5.x.x status it is soft.
                type = action.equals("failed") && status.get().startsWith("5") ? DeliveryEvent.Type.HARD_BOUNCE
                        : DeliveryEvent.Type.SOFT_BOUNCE;
            } else {
                continue;   // relayed, expanded, or no status class to go on
            }
            Optional<Address> recipient = first(recipientGroup, "Original-Recipient").flatMap(BounceReports::typedAddress)
                    .or(() -> first(recipientGroup, "Final-Recipient").flatMap(BounceReports::typedAddress));
            Instant at = first(recipientGroup, "Last-Attempt-Date").flatMap(BounceReports::date)
                    .or(() -> arrival).orElse(reportDate);
            Map<String, String> details = new HashMap<>();
            details.put("reportType", reportType);
            details.put("action", action);
            status.ifPresent(s -> details.put("status", s));
            first(recipientGroup, "Diagnostic-Code").map(BounceReports::oneLine)
                    .ifPresent(d -> details.put("diagnosticCode", d));
            event(type, at, messageId, recipient, details).ifPresent(events::add);
        }
        return List.copyOf(events);
    }

    private static Optional<DeliveryEvent> event(DeliveryEvent.Type type, Instant at, Optional<String> messageId,
                                                 Optional<Address> recipient, Map<String, String> details) {
        // Reports come from strangers: what cannot name a message the way the SPI requires is left out, not thrown.
        Optional<String> key = messageId.flatMap(MessageIds::idempotencyKey)
                .filter(k -> k.length() <= 255 && k.chars().allMatch(c -> c > ' ' && c < 127));
        Optional<String> providerId = messageId.filter(id -> id.length() <= 255);
        if (providerId.isEmpty() && recipient.isEmpty()) {
            return Optional.empty();   // nothing to tie the event to a message
        }
        try {
            return Optional.of(new DeliveryEvent(type, Channel.EMAIL, at, key, providerId, recipient, details));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> first(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, null);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** {@code rfc822; user@example.com} to an address; other address types (x400, utf-8 in RFC 6533) are skipped. */
    private static Optional<Address> typedAddress(String field) {
        int semi = field.indexOf(';');
        if (semi < 0) {
            return Optional.empty();
        }
        String type = field.substring(0, semi).trim().toLowerCase(Locale.ROOT);
        return type.equals("rfc822") ? email(field.substring(semi + 1)) : Optional.empty();
    }

    private static Optional<Address> email(String value) {
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(value.trim(), false);
            if (parsed.length != 1) {
                return Optional.empty();
            }
            return Optional.of(new Address.Email(parsed[0].getAddress()));
        } catch (MessagingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> date(String value) {
        try {
            return Optional.of(new MailDateFormat().parse(value.trim()).toInstant());
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 500 ? line.substring(0, 500) : line;
    }
}
