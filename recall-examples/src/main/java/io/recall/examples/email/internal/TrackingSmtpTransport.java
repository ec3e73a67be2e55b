package io.recall.examples.email.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Angus Mail's SMTP transport, recording how far the current transaction got.
 *
 * <p>That is what decides between Retryable and Unknown when the connection fails without an SMTP reply: a
 * server may deliver a message only once it has received the end-of-data marker ({@code CRLF.CRLF}) and
 * then answers it (RFC 5321 4.1.1.4); a failure before the marker left leaves it with an incomplete message it
 * must discard, a failure after it leaves us not knowing (the duplicate-message problem of RFC 1047).
 * Used by one thread at a time (the adapter holds its lock).
 */
public final class TrackingSmtpTransport extends SMTPTransport {

    /** How far the current transaction got. */
    public enum Stage {
        /** Nothing of a message sent yet (connecting, greeting, EHLO, AUTH). */
        IDLE,
        /** MAIL FROM, RCPT TO or DATA sent: the server has an envelope but no message. */
        ENVELOPE,
        /** DATA answered 354: content is being written; the server has no complete message yet. */
        CONTENT,
        /** The end-of-data marker is being or was written: the server may have accepted the message. */
        END_OF_DATA
    }

    private Stage stage = Stage.IDLE;

    /**
     * Creates an unconnected transport.
     *
     * @param session the session holding the {@code mail.smtp.*} or {@code mail.smtps.*} properties
     * @param url     host, port, user and password
     * @param ssl     whether to speak TLS from the start (SMTPS) rather than plain SMTP (maybe with STARTTLS)
     */
    public TrackingSmtpTransport(Session session, URLName url, boolean ssl) {
        super(session, url, ssl ? "smtps" : "smtp", ssl);
    }

    /** How far the transaction last started got. */
    public Stage stage() {
        return stage;
    }

    /** Marks the start of a new transaction. */
    public void beginTransaction() {
        stage = Stage.IDLE;
    }

    @Override
    protected void mailFrom() throws MessagingException {
        stage = Stage.ENVELOPE;
        super.mailFrom();
    }

    @Override
    protected OutputStream data() throws MessagingException {
        OutputStream out = super.data();
        stage = Stage.CONTENT;
        return out;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        stage = Stage.END_OF_DATA;
        super.finishData();
    }

    @Override
    protected OutputStream bdat() throws MessagingException {
        // With CHUNKING the last BDAT chunk plays the part of the end-of-data marker; no chunk is final before
        // finishBdat, so the content stage is right until then.
        OutputStream out = super.bdat();
        stage = Stage.CONTENT;
        return out;
    }

    @Override
    protected void finishBdat() throws IOException, MessagingException {
        stage = Stage.END_OF_DATA;
        super.finishBdat();
    }
}
