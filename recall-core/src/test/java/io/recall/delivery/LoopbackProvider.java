package io.recall.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fake provider on a loopback socket, for the crash test: one request per connection, a line
 * {@code SEND <idempotency key>}, answered {@code OK <provider id>}. It takes every request it reads (so a
 * request whose answer never arrives was still delivered), deduplicating by key when told to, and can be
 * armed to stop at its n-th request: hold the answer back, or answer and then report, so the test can kill
 * the sender at that moment.
 */
final class LoopbackProvider implements AutoCloseable {

    /** What to do at the armed request. */
    enum Mode {
        /** Take the message but never answer: the sender dies waiting. */
        HOLD,
        /** Take the message and answer; the sender dies right after, maybe before recording it. */
        ANSWER
    }

    private final ServerSocket server;
    private final boolean deduplicates;
    private final List<String> requests = new ArrayList<>();
    private final Map<String, Integer> delivered = new HashMap<>();
    private final Map<String, String> providerIds = new HashMap<>();
    private int armedAt = -1;
    private Mode mode = Mode.HOLD;
    private CountDownLatch reached = new CountDownLatch(1);
    private CountDownLatch released = new CountDownLatch(1);

    LoopbackProvider(boolean deduplicates) throws IOException {
        this.deduplicates = deduplicates;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "loopback-provider");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Stops at the {@code n}-th request (1-based, counting every request so far). */
    synchronized CountDownLatch arm(int n, Mode how) {
        armedAt = n;
        mode = how;
        reached = new CountDownLatch(1);
        released = new CountDownLatch(1);
        return reached;
    }

    /** Lets a held request's connection close (its sender is dead by then). */
    synchronized void release() {
        released.countDown();
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many times each key reached the customer: once per key when the provider deduplicates. */
    synchronized Map<String, Integer> delivered() {
        return Map.copyOf(delivered);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> handle(s), "loopback-request");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            String line = in.readLine();
            if (line == null || !line.startsWith("SEND ")) {
                return;
            }
            String key = line.substring(5);
            String answer;
            boolean armed;
            Mode how;
            CountDownLatch reachedNow;
            CountDownLatch releasedNow;
            synchronized (this) {
                requests.add(key);
                if (!deduplicates || !delivered.containsKey(key)) {
                    delivered.merge(key, 1, Integer::sum);
                    providerIds.put(key, "p-" + requests.size());
                }
                answer = "OK " + providerIds.get(key) + "\n";
                armed = requests.size() == armedAt;
                how = mode;
                reachedNow = reached;
                releasedNow = released;
            }
            if (armed && how == Mode.HOLD) {
                reachedNow.countDown();
                releasedNow.await(5, TimeUnit.MINUTES);
                return;
            }
            out.write(answer);
            out.flush();
            if (armed) {
                reachedNow.countDown();
            }
        } catch (IOException | InterruptedException e) {
            // the sender died mid-request: what the provider took stays taken
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
