package io.recall.examples.email;

import io.recall.examples.email.internal.MessageIds;
import jakarta.mail.internet.InternetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message-IDs made from idempotency keys. */
class MessageIdsProperties {

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(255);
    }

    @Property(tries = 200)
    void everyKeyComesBackFromItsMessageId(@ForAll("keys") String key) {
        assertEquals(Optional.of(key), MessageIds.idempotencyKey(MessageIds.of(key, "shop.test")));
    }

    @Property(tries = 200)
    void everyMessageIdIsAnAddrSpecInAngleBrackets(@ForAll("keys") String key) throws Exception {
        String id = MessageIds.of(key, "shop.test");
        assertTrue(id.startsWith("<") && id.endsWith(">"));
        // msg-id is "<" dot-atom-text "@" id-right ">": a strictly valid address has the same shape.
        new InternetAddress(id.substring(1, id.length() - 1), true).validate();
    }
}
