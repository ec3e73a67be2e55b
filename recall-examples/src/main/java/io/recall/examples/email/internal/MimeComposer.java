package io.recall.examples.email.internal;

import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.RenderResult;
import io.recall.channels.Variable;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the MIME message for one rendered e-mail with Jakarta Mail: {@code multipart/alternative} (text, then
 * HTML) or plain text, a UTF-8 subject (RFC 2047 encoded where not ASCII), the Message-ID derived from the
 * idempotency key, and {@code List-Unsubscribe} with one-click {@code List-Unsubscribe-Post} (RFC 8058).
 * Thread-safe: it holds only immutable settings.
 */
public final class MimeComposer {

    /** The header that RFC 8058 one-click unsubscribe adds. */
    public static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private final Session session;
    private final InternetAddress from;
    private final Optional<InternetAddress> replyTo;
    private final String messageIdDomain;
    private final Optional<String> unsubscribeMailto;
    private final String unsubscribeUrlVariable;
    private final boolean marketingRequiresUnsubscribe;
    private final Clock clock;

    /**
     * Creates a composer.
     *
     * @param session                      the session messages belong to
     * @param from                         the From address
     * @param replyTo                      the Reply-To address, if any
     * @param messageIdDomain              the right-hand side of Message-IDs
     * @param unsubscribeMailto            the address unsubscribe requests go to by mail, if any
     * @param unsubscribeUrlVariable       the message variable (a link) holding the one-click unsubscribe URL
     * @param marketingRequiresUnsubscribe whether a marketing e-mail without any unsubscribe method is refused
     * @param clock                        gives the Date header
     */
    public MimeComposer(Session session, InternetAddress from, Optional<InternetAddress> replyTo, String messageIdDomain,
                        Optional<String> unsubscribeMailto, String unsubscribeUrlVariable,
                        boolean marketingRequiresUnsubscribe, Clock clock) {
        this.session = Objects.requireNonNull(session, "session");
        this.from = Objects.requireNonNull(from, "from");
        this.replyTo = Objects.requireNonNull(replyTo, "replyTo");
        this.messageIdDomain = Objects.requireNonNull(messageIdDomain, "messageIdDomain");
        this.unsubscribeMailto = Objects.requireNonNull(unsubscribeMailto, "unsubscribeMailto");
        this.unsubscribeUrlVariable = Objects.requireNonNull(unsubscribeUrlVariable, "unsubscribeUrlVariable");
        this.marketingRequiresUnsubscribe = marketingRequiresUnsubscribe;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A message that cannot be composed; the reason is safe to log. */
    public static final class Unsendable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsendable(String reason) {
            super(reason);
        }
    }

    /**
     * The MIME message for {@code message} with its rendered parts.
     *
     * @throws Unsendable if a part is missing, the recipient is not a valid Internet address, or a marketing
     *                    e-mail has no way to unsubscribe
     */
    public MimeMessage compose(Message message, RenderResult.Rendered content) throws Unsendable {
        if (!(message.recipient() instanceof Address.Email email)) {
            throw new Unsendable("recipient is not an e-mail address");
        }
        String subject = content.part(RenderResult.Rendered.SUBJECT)
                .orElseThrow(() -> new Unsendable("the rendered e-mail has no 'subject' part"));
        String text = content.part(RenderResult.Rendered.TEXT)
                .orElseThrow(() -> new Unsendable("the rendered e-mail has no 'text' part"));
        Optional<String> html = content.part(RenderResult.Rendered.HTML);
        List<String> unsubscribe = listUnsubscribe(message);
        if (unsubscribe.isEmpty() && marketingRequiresUnsubscribe && message.purpose() == Purpose.MARKETING) {
            throw new Unsendable("a marketing e-mail needs an unsubscribe link: set the '" + unsubscribeUrlVariable
                    + "' variable or the unsubscribeMailto setting");
        }
        String messageId = MessageIds.of(message.idempotencyKey(), messageIdDomain);
        try {
            MimeMessage mime = new FixedIdMessage(session, messageId);
            mime.setFrom(from);
            replyTo.ifPresent(r -> setReplyTo(mime, r));
            mime.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(email.value(), true));
            mime.setSubject(subject, StandardCharsets.UTF_8.name());
            mime.setSentDate(Date.from(clock.instant()));
            if (html.isPresent()) {
                MimeMultipart alternative = new MimeMultipart("alternative");
                MimeBodyPart plain = new MimeBodyPart();
                plain.setText(text, StandardCharsets.UTF_8.name());
                MimeBodyPart rich = new MimeBodyPart();
                rich.setText(html.get(), StandardCharsets.UTF_8.name(), "html");
                alternative.addBodyPart(plain);   // least preferred first (RFC 2046 5.1.4)
                alternative.addBodyPart(rich);
                mime.setContent(alternative);
            } else {
                mime.setText(text, StandardCharsets.UTF_8.name());
            }
            if (!unsubscribe.isEmpty()) {
                mime.setHeader("List-Unsubscribe", String.join(", ", unsubscribe));
                // URI schemes are case-insensitive (RFC 3986 3.1), as in listUnsubscribe: HTTPS:// is https too.
                if (unsubscribe.stream().anyMatch(u -> u.regionMatches(true, 0, "<https:", 0, 7))) {
                    mime.setHeader("List-Unsubscribe-Post", ONE_CLICK);
                }
            }
            mime.saveChanges();
            return mime;
        } catch (AddressException e) {
            throw new Unsendable("recipient is not a valid Internet address: " + e.getMessage());
        } catch (MessagingException | IllegalStateException e) {
            throw new Unsendable("cannot build the MIME message: " + e);
        }
    }

    /** The Message-ID {@link #compose} gives this message, without angle brackets: the adapter's provider id. */
    public String providerId(Message message) {
        return MessageIds.strip(MessageIds.of(message.idempotencyKey(), messageIdDomain));
    }

    private List<String> listUnsubscribe(Message message) {
        List<String> uris = new ArrayList<>(2);
        unsubscribeMailto.ifPresent(to -> uris.add("<mailto:" + to + "?subject="
                + URLEncoder.encode("unsubscribe " + message.idempotencyKey(), StandardCharsets.UTF_8)
                .replace("+", "%20") + ">"));
        Variable link = message.variables().get(unsubscribeUrlVariable);
        if (link instanceof Variable.Link l) {
            URI uri = l.value();
            if ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) {
                uris.add("<" + uri.toASCIIString() + ">");
            }
        }
        return uris;
    }

    private static void setReplyTo(MimeMessage mime, InternetAddress address) {
        try {
            mime.setReplyTo(new InternetAddress[] {address});
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the Message-ID given, where Jakarta Mail would make a random one on {@code saveChanges()}. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
