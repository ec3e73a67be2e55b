package io.recall.generator;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContactNumbersTest {

    @Test
    void ukNumbersAreUniqueAcrossTheWholeDramaPool() {
        ContactNumbers numbers = new ContactNumbers(42);
        Set<String> seen = new HashSet<>();
        for (int i = 1; i <= 17_000; i++) {
            String phone = numbers.ukPhone(i);
            assertTrue(phone.matches("\\+44[0-9]{10}"), phone);
            assertTrue(seen.add(phone), phone);
        }
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("+447700900")), "the mobile drama range is used");
    }

    @Test
    void chinesePhonesAndMemberIdsAreUnique() {
        ContactNumbers numbers = new ContactNumbers(7);
        Set<String> phones = new HashSet<>();
        Set<String> members = new HashSet<>();
        for (int i = 1; i <= 30_000; i++) {
            assertTrue(phones.add(numbers.chinesePhone(i)));
            assertTrue(members.add(numbers.memberId(i)));
        }
        assertTrue(numbers.chinesePhone(1).matches("\\+86138[0-9]{8}"), "+86 and an eleven-digit mobile number");
    }

    @Test
    void theSeedMovesTheNumbers() {
        assertNotEquals(new ContactNumbers(1).ukPhone(1), new ContactNumbers(2).ukPhone(1));
        assertEquals(new ContactNumbers(1).ukPhone(5), new ContactNumbers(1).ukPhone(5));
    }
}
