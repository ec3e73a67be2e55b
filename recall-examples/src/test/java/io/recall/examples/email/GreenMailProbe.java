package io.recall.examples.email;

import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.tck.ProviderProbe;
import io.recall.examples.email.SmtpFaultProxy.Fault;
import io.recall.examples.email.internal.MessageIds;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The contract-test kit's view of GreenMail behind the fault-injecting proxy: behaviours become SMTP faults per
 * recipient, what GreenMail delivered is what the provider holds (key read back from the Message-ID), and
 * events are real reports (DSN, ARF) mailed to the bounce mailbox that the adapter polls.
 */
final class GreenMailProbe implements ProviderProbe {

    private static final Map<Behaviour, Fault> FAULTS = Map.of(
            Behaviour.TRANSIENT_FAILURE, Fault.TEMPORARY, Behaviour.THROTTLE, Fault.THROTTLE,
            Behaviour.REJECT_ADDRESS, Fault.REJECT_MAILBOX, Behaviour.REJECT_CONTENT, Fault.REJECT_CONTENT,
            Behaviour.TIMEOUT_AFTER_SEND, Fault.HOLD_AFTER_DATA, Behaviour.UNAVAILABLE, Fault.SHUTDOWN);
    private static final Map<DeliveryEvent.Type, String> REPORTS = Map.of(
            DeliveryEvent.Type.HARD_BOUNCE, "dsn-hard-bounce.eml", DeliveryEvent.Type.SOFT_BOUNCE, "dsn-soft-bounce.eml",
            DeliveryEvent.Type.DELIVERED, "dsn-delivered.eml", DeliveryEvent.Type.COMPLAINED, "arf-abuse.eml");

    private final LoopbackMail mail;
    private final Map<String, Long> requests = new ConcurrentHashMap<>();
    private final AtomicLong nextRequest = new AtomicLong();

    GreenMailProbe(LoopbackMail mail) {
        this.mail = mail;
    }

    LoopbackMail mail() {
        return mail;
    }

    @Override
    public Set<Behaviour> behaviours() {
        return EnumSet.allOf(Behaviour.class);
    }

    @Override
    public Optional<Duration> throttleRetryAfter() {
        return Optional.empty();   // SMTP has no way to say how long to wait
    }

    @Override
    public boolean seesIdempotencyKeys() {
        return true;
    }

    @Override
    public boolean seesContent() {
        return true;
    }

    @Override
    public Set<DeliveryEvent.Type> emittableEvents() {
        return REPORTS.keySet();
    }

    @Override
    public void inject(Address recipient, Behaviour behaviour) {
        mail.proxy.fault(((Address.Email) recipient).value(), FAULTS.get(behaviour));
    }

    @Override
    public synchronized List<Received> received() {
        List<Received> all = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (MimeMessage m : mail.greenMail.getReceivedMessages()) {
            try {
                String to = ((InternetAddress) m.getRecipients(jakarta.mail.Message.RecipientType.TO)[0]).getAddress();
                if (to.equals(LoopbackMail.BOUNCES)) {
                    continue;
                }
                String messageId = m.getMessageID();
                int copy = seen.merge(messageId, 1, Integer::sum);
                long request = requests.computeIfAbsent(messageId + "#" + copy, k -> nextRequest.incrementAndGet());
                all.add(new Received(new Address.Email(to), MessageIds.idempotencyKey(messageId),
                        Optional.of(m.getSubject() + "\n" + text(m)), request));
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("GreenMail holds an unreadable message", e);
            }
        }
        return all;
    }

    @Override
    public void emit(DeliveryEvent.Type type, Received about) {
        String messageId = mail.receivedBy(((Address.Email) about.recipient()).value()).stream().map(m -> {
            try {
                return m.getMessageID();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow(() -> new IllegalArgumentException("GreenMail does not hold " + about));
        mail.deliverReport(LoopbackMail.resource(REPORTS.get(type),
                Map.of("recipient", ((Address.Email) about.recipient()).value(), "messageId", messageId)));
    }

    /** The decoded text of every text part. */
    static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/*")) {
            return String.valueOf(part.getContent());
        }
        if (part.getContent() instanceof Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                all.append(text(child)).append('\n');
            }
            return all.toString();
        }
        return "";
    }
}
