package io.recall.journey;

import io.recall.channels.Channel;
import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JourneyJsonTest {

    private static final String GOOD = """
            {"type": "recall-journey", "version": 1, "id": "win-back-nudge",
             "trigger": {"kind": "not-opened", "within": "P3D"},
             "reentry": {"kind": "after", "coolDown": "P30D"}, "exitOnPurchase": true, "start": "sms",
             "steps": [
               {"id": "sms", "kind": "send", "channel": "sms", "template": "nudge", "next": "wait"},
               {"id": "wait", "kind": "wait", "duration": "PT48H", "next": "clicked"},
               {"id": "clicked", "kind": "branch", "if": "clicked", "then": "end", "else": "wait"},
               {"id": "end", "kind": "exit"}]}
            """;

    @Test
    void readsAndWritesBackEqual() {
        Journey j = Journey.read(GOOD, Fixtures.CHANNELS);
        assertEquals(new Trigger.NotOpened(Duration.ofDays(3)), j.trigger());
        assertEquals(Reentry.after(Duration.ofDays(30)), j.reentry());
        assertEquals(new Step.Branch("clicked", Condition.CLICKED, "end", "wait"), j.step("clicked"));
        assertEquals(j, Journey.read(j.toJson(), Fixtures.CHANNELS));
        Journey built = Fixtures.followUp();
        assertEquals(built, Journey.read(built.toJson(), Fixtures.CHANNELS));
        for (Trigger t : List.of(new Trigger.Purchased(), new Trigger.CouponExpiring(2),
                new Trigger.ClickedNoPurchase(Duration.ofHours(36)))) {
            Journey other = new Journey("t", t, Reentry.never(), false, "x", List.of(new Step.Exit("x")));
            assertEquals(other, Journey.read(other.toJson(), Set.of()));
        }
    }

    @Test
    void graphProblemsCarryTheStepPath() {
        String json = """
                {"type": "recall-journey", "version": 1, "id": "bad", "trigger": {"kind": "purchased"},
                 "start": "a", "steps": [
                   {"id": "a", "kind": "send", "channel": "fax", "template": "t", "next": "b"},
                   {"id": "b", "kind": "branch", "if": "opened", "then": "a", "else": "c"},
                   {"id": "c", "kind": "exit"},
                   {"id": "orphan", "kind": "exit"}]}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> Journey.read(json, Fixtures.CHANNELS));
        assertEquals(List.of("$.steps[3]", "$.steps[0]", "$.steps[0]", "$.steps[0].channel"), paths(e));
        assertTrue(e.problems().get(2).found().contains("a cycle back to 'a'"), e.getMessage());
        assertTrue(e.problems().get(1).found().contains("cycle without a wait"), e.getMessage());
        assertTrue(e.problems().get(0).found().contains("unreachable step 'orphan'"), e.getMessage());
    }

    @Test
    void danglingIdsAndAMissingStart() {
        String json = """
                {"type": "recall-journey", "version": 1, "id": "bad", "trigger": {"kind": "purchased"},
                 "start": "nowhere", "steps": [
                   {"id": "a", "kind": "wait", "duration": "P1D", "next": "ghost"},
                   {"id": "b", "kind": "branch", "if": "purchased", "then": "a", "else": "phantom"}]}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> Journey.read(json, Fixtures.CHANNELS));
        assertEquals(List.of("$.start", "$.steps[0].next", "$.steps[1].else"), paths(e));
    }

    @Test
    void shapeProblemsAreCollectedWithTheirPaths() {
        String json = """
                {"type": "recall-journey", "version": 1, "id": "no spaces", "colour": "red",
                 "trigger": {"kind": "not-opened", "within": "3 days"},
                 "reentry": {"kind": "sometimes"}, "start": "a", "steps": [
                   {"id": "a", "kind": "wait", "duration": "-P1D", "next": "b"},
                   {"id": "b", "kind": "teleport"},
                   {"id": "c", "kind": "branch", "if": "happy", "then": "a", "else": "a"},
                   {"id": "d", "kind": "coupon-expiring", "daysBefore": 0}]}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> Journey.read(json, Fixtures.CHANNELS));
        assertEquals(List.of("$.colour", "$.trigger.within", "$.reentry.kind", "$.steps[0].duration",
                "$.steps[1].kind", "$.steps[2].if", "$.steps[3].kind"), paths(e));
    }

    @Test
    void theBuilderFailsWithTheSamePaths() {
        ConfigException e = assertThrows(ConfigException.class, () -> Journey.builder("b")
                .send("a", Channel.PUSH, "t", "b").waitFor("b", Duration.ofDays(1), "c").build(Fixtures.CHANNELS));
        assertEquals(List.of("$.steps[1].next"), paths(e));
        ConfigException channel = assertThrows(ConfigException.class, () -> Journey.builder("b")
                .send("a", Channel.PUSH, "t", "b").exit("b").build(Fixtures.CHANNELS));
        assertEquals(List.of("$.steps[0].channel"), paths(channel));
        // A cycle through a wait is fine: it moves at most once around per wait.
        Fixtures.reminders();
    }

    private static List<String> paths(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::path).toList();
    }
}
