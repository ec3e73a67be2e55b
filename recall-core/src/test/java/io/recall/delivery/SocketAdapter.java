package io.recall.delivery;

import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.Message;
import io.recall.channels.SendResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An e-mail adapter speaking {@link LoopbackProvider}'s one-line protocol, one message per request. */
final class SocketAdapter implements ChannelAdapter {

    static final Duration MAX_SEND = Duration.ofSeconds(20);

    private final int port;
    private final Capabilities capabilities;

    SocketAdapter(int port, boolean providerDeduplicates) {
        this.port = port;
        this.capabilities = Capabilities.of(Channel.EMAIL).withProviderDeduplication(providerDeduplicates)
                .withMaxSendDuration(MAX_SEND);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public SendResult send(Message message) {
        boolean written = false;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) MAX_SEND.toMillis() / 2);
            s.setSoTimeout((int) MAX_SEND.toMillis() / 2);
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            out.write("SEND " + message.idempotencyKey() + "\n");
            out.flush();
            written = true;
            String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (answer != null && answer.startsWith("OK ")) {
                return SendResult.accepted(answer.substring(3));
            }
            return SendResult.unknown("provider closed without an answer");
        } catch (IOException e) {
            // Before the request left, the provider certainly does not have it; after, it may.
            return written ? SendResult.unknown(e.getClass().getSimpleName()) : SendResult.retryable("cannot connect");
        }
    }

    @Override
    public void close() {
    }
}
