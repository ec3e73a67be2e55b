package io.recall.examples.sms;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.SendResult;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.recall.examples.sms.SmsTestSupport.NOW;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contract: one send never outlasts the declared maxSendDuration, which the pipeline sizes leases from. */
class SmppMaxSendDurationTest {

    /** Scheduling slack on a busy machine; the adapter itself stays within the declared bound. */
    private static final Duration MARGIN = Duration.ofMillis(300);

    @Test
    void aSendWaitingBehindAStuckBackgroundBindStaysWithinMaxSendDurationAndIsRetryable() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(blackHole.accept()); // accepts TCP, never answers bind_transceiver
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> s = new LinkedHashMap<>();
            s.put("host", "127.0.0.1");
            s.put("port", String.valueOf(blackHole.getLocalPort()));
            s.put("systemId", "recall");
            s.put("sourceAddress", "10690000");
            s.put("bindTimeoutMillis", "2000");
            s.put("responseTimeoutMillis", "500");
            s.put("maxParts", "1");
            SmppSmsAdapter adapter = new SmppSmsAdapter(AdapterContext.defaults().withSettings(s)
                    .withEvents(new SmsTestSupport.Events()).withRenderer(SmsTestSupport.RAW)
                    .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
            try {
                SmsTestSupport.await("the background bind connected", () -> !held.isEmpty());
                Duration max = adapter.capabilities().maxSendDuration();
                long t0 = System.nanoTime();
                SendResult r = adapter.send(SmsTestSupport.message(new Address.Phone("+447700900123"), "Hi"));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertInstanceOf(SendResult.Retryable.class, r, "nothing was sent: " + r);
                assertTrue(took.compareTo(max.plus(MARGIN)) <= 0,
                        "send took " + took + " (" + r + ") but maxSendDuration is " + max);
            } finally {
                adapter.close();
                for (Socket x : held) {
                    x.close();
                }
            }
        }
    }
}
