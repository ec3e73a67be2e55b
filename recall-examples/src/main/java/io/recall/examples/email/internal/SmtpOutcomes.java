package io.recall.examples.email.internal;

import io.recall.channels.SendResult;
import io.recall.examples.email.internal.TrackingSmtpTransport.Stage;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import java.net.SocketTimeoutException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Angus Mail threw into a {@link SendResult}.
 *
 * <ul>
 *   <li>An SMTP reply decides when there is one: 4xx is Retryable (the server keeps nothing, RFC 5321 4.2.1);
 *       5xx is Permanent, suppressing the address only when the reply is about the mailbox (RCPT rejected with
 *       550/551/553, or enhanced status 5.1.x or 5.2.1), never for policy or content (5.7.x, 554).</li>
 *   <li>No reply (refused, reset, timed out, EOF): Retryable if the end-of-data marker had not been written, since
 *       the server cannot deliver an incomplete message; Unknown after, since it may have.</li>
 * </ul>
 */
public final class SmtpOutcomes {

    private static final Pattern ENHANCED = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    private SmtpOutcomes() {
    }

    /** The SMTP reply code carried by the exception or one it wraps; empty when the server never answered. */
    public static Optional<Integer> replyCode(Throwable thrown) {
        for (Throwable t : chain(thrown)) {
            int rc = -1;
            if (t instanceof SMTPAddressFailedException e) {
                rc = e.getReturnCode();
            } else if (t instanceof SMTPSenderFailedException e) {
                rc = e.getReturnCode();
            } else if (t instanceof SMTPSendFailedException e) {
                rc = e.getReturnCode();
            }
            if (rc >= 400 && rc < 600) {
                return Optional.of(rc);
            }
        }
        return Optional.empty();
    }

    /** Whether the failure was a timeout rather than a refusal or a reset. */
    public static boolean timedOut(Throwable thrown) {
        return chain(thrown).stream().anyMatch(SocketTimeoutException.class::isInstance);
    }

    /**
     * Classifies a failed send.
     *
     * @param thrown   what Angus threw
     * @param stage    how far the transaction got
     * @param cutShort whether the adapter's own send deadline closed the connection
     */
    public static SendResult classify(MessagingException thrown, Stage stage, boolean cutShort) {
        Optional<Integer> code = replyCode(thrown);
        String text = oneLine(serverText(thrown));
        if (code.isPresent()) {
            int rc = code.get();
            boolean rcpt = chain(thrown).stream().anyMatch(SMTPAddressFailedException.class::isInstance);
            String reason = "smtp " + text;
            if (rc < 500) {
                return SendResult.retryable(reason);
            }
            return SendResult.permanent(reason, aboutTheMailbox(rc, text, rcpt));
        }
        if (chain(thrown).stream().anyMatch(AuthenticationFailedException.class::isInstance)) {
            // A configuration problem that no single message can fix; retried, then dead-lettered like an outage.
            return SendResult.retryable("smtp authentication failed: check the username and password settings");
        }
        String what = cutShort ? "send deadline passed" : timedOut(thrown) ? "timed out" : "connection failed";
        String cause = oneLine(rootCause(thrown));
        return switch (stage) {
            case IDLE -> SendResult.retryable("smtp " + what + " before sending (" + cause + ")");
            case ENVELOPE, CONTENT -> SendResult.retryable("smtp " + what + " before the end of data was sent;"
                    + " the server holds no complete message (" + cause + ")");
            case END_OF_DATA -> SendResult.unknown("smtp " + what + " after the end of data was sent; the server"
                    + " may have accepted the message (" + cause + ")");
        };
    }

    private static boolean aboutTheMailbox(int rc, String text, boolean rcpt) {
        Matcher m = ENHANCED.matcher(text);
        if (m.find()) {
            String subject = m.group(2);
            String detail = m.group(3);
            return "1".equals(subject) || "2".equals(subject) && "1".equals(detail);
        }
        return rcpt && (rc == 550 || rc == 551 || rc == 553);
    }

    private static String serverText(MessagingException thrown) {
        for (Throwable t : chain(thrown)) {
            if (t instanceof SMTPAddressFailedException || t instanceof SMTPSendFailedException) {
                if (t.getMessage() != null) {
                    return t.getMessage();
                }
            }
        }
        return String.valueOf(thrown.getMessage());
    }

    private static String rootCause(Throwable thrown) {
        Throwable last = thrown;
        for (Throwable t : chain(thrown)) {
            last = t;
        }
        String name = last.getClass().getSimpleName();
        return last.getMessage() == null ? name : name + ": " + last.getMessage();
    }

    private static final Pattern LOCAL_PART = Pattern.compile("([^\\s<>:;,\"@]{1,2})[^\\s<>:;,\"@]*@");

    /** One line, at most 300 characters, local parts of addresses masked (reasons are logged). */
    private static String oneLine(String s) {
        String line = LOCAL_PART.matcher(s.replaceAll("\\s+", " ").trim()).replaceAll("$1***@");
        return line.isEmpty() ? "no detail" : line.length() > 300 ? line.substring(0, 300) : line;
    }

    /** The exception, then what it wraps, through both {@code getNextException} and {@code getCause}. */
    static java.util.List<Throwable> chain(Throwable thrown) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        Set<Throwable> seen = new HashSet<>();
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(thrown);
        while (!todo.isEmpty() && all.size() < 20) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t instanceof MessagingException me && me.getNextException() != null) {
                todo.add(me.getNextException());
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return all;
    }
}
