package io.recall.channels.tck;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Tests the kit itself: the reference adapter passes every rule that applies to it, and each deliberately
 * broken adapter fails exactly the rules about its flaw, with a message that says what to check.
 */
class KitSelfTest {

    private static final Pattern RULE_NAME = Pattern.compile("(required|optional)_r(\\d)_(\\d)_[a-z][A-Za-z]+");

    /** The rules' test methods, by name. */
    static Set<String> rules() {
        return Arrays.stream(ChannelAdapterVerification.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** How each rule ended when the kit ran {@code verification}: the failure message, or SUCCESSFUL/ABORTED. */
    private static Map<String, String> run(Class<?> verification) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(verification)).execute().testEvents();
        Map<String, String> outcomes = new TreeMap<>();
        tests.finished().stream().forEach(e -> {
            TestExecutionResult result = e.getRequiredPayload(TestExecutionResult.class);
            String outcome = result.getStatus() == TestExecutionResult.Status.FAILED
                    ? result.getThrowable().map(Throwable::getMessage).orElse("FAILED") : result.getStatus().name();
            outcomes.put(method(e), outcome);
        });
        return outcomes;
    }

    private static String method(Event e) {
        return ((MethodSource) e.getTestDescriptor().getSource().orElseThrow()).getMethodName();
    }

    private static Set<String> failed(Map<String, String> outcomes) {
        return outcomes.entrySet().stream().filter(e -> !e.getValue().equals("SUCCESSFUL") && !e.getValue().equals("ABORTED"))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> aborted(Map<String, String> outcomes) {
        return outcomes.entrySet().stream().filter(e -> e.getValue().equals("ABORTED"))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Runs a broken verification and checks it fails exactly {@code expected}, each message naming its rule. */
    private static Map<String, String> expectFailures(Class<?> verification, String... expected) {
        Map<String, String> outcomes = run(verification);
        assertEquals(rules(), outcomes.keySet(), "every rule ran");
        assertEquals(new TreeSet<>(Arrays.asList(expected)), failed(outcomes), () -> "failures: " + outcomes);
        assertEquals(Set.of("optional_r1_6_templateIdReachesTheProvider"), aborted(outcomes));
        for (String rule : expected) {
            Matcher m = RULE_NAME.matcher(rule);
            assertTrue(m.matches(), rule);
            String message = outcomes.get(rule);
            assertTrue(message.startsWith("Rule " + m.group(2) + "." + m.group(3) + " violated: "), message);
            assertTrue(message.contains("\nIf this fails, check: "), message);
        }
        return outcomes;
    }

    @Nested
    class CorrectAdapters {

        @Test
        void theReferenceAdapterPassesEveryRuleButProviderRendering() {
            Map<String, String> outcomes = run(ReferenceAdapterTest.class);
            assertEquals(rules(), outcomes.keySet());
            assertEquals(Set.of(), failed(outcomes), () -> outcomes.toString());
            assertEquals(Set.of("optional_r1_6_templateIdReachesTheProvider"), aborted(outcomes));
        }

        @Test
        void aMinimalProviderSkipsTheOptionalRulesItCannotSupport() {
            Map<String, String> outcomes = run(ReferenceAdapterOnMinimalProviderTest.class);
            assertEquals(Set.of(), failed(outcomes), () -> outcomes.toString());
            assertEquals(Set.of(
                    "optional_r1_4_locallyRenderedTextReachesTheProvider",
                    "optional_r1_5_renderFailureIsPermanentAndNeverSent",
                    "optional_r2_1_sameIdempotencyKeyIsDeliveredOnce",
                    "optional_r2_2_resendAfterTimeoutIsDeliveredOnce",
                    "optional_r2_3_idempotencyKeyReachesTheProvider",
                    "optional_r3_3_throttlingIsRetryableAfterTheProvidersWait",
                    "optional_r3_5_rejectedContentIsPermanentWithoutSuppression",
                    "optional_r3_7_unreachableProviderIsRetryable",
                    "optional_r4_1_providerEventsAreReportedWithTheRightType",
                    "optional_r4_2_eventsNameTheirMessageCorrectly",
                    "optional_r4_3_aThrowingListenerDoesNotStopLaterEvents"), aborted(outcomes));
        }
    }

    @Nested
    class BrokenAdaptersFailTheirRules {

        @Test
        void ignoringTheIdempotencyKeyFailsTheIdempotencyRules() {
            Map<String, String> o = expectFailures(BrokenAdapters.IgnoresIdempotencyVerification.class,
                    "optional_r2_1_sameIdempotencyKeyIsDeliveredOnce", "optional_r2_2_resendAfterTimeoutIsDeliveredOnce",
                    "optional_r2_3_idempotencyKeyReachesTheProvider");
            assertTrue(o.get("optional_r2_1_sameIdempotencyKeyIsDeliveredOnce").contains(
                    "the provider holds 2 copies of one message sent twice with idempotency key 'recall-tck-"), o.toString());
            assertTrue(o.get("optional_r2_3_idempotencyKeyReachesTheProvider").contains(
                    "the provider received idempotency key none for a message whose key is"), o.toString());
        }

        @Test
        void aFreshKeyPerAttemptFailsTheIdempotencyRules() {
            // The provider echoes the key it got, so events carry the wrong key too: rule 4.2 catches that.
            Map<String, String> o = expectFailures(BrokenAdapters.FreshKeyPerAttemptVerification.class,
                    "optional_r2_1_sameIdempotencyKeyIsDeliveredOnce", "optional_r2_2_resendAfterTimeoutIsDeliveredOnce",
                    "optional_r2_3_idempotencyKeyReachesTheProvider", "optional_r4_2_eventsNameTheirMessageCorrectly");
            assertTrue(o.get("optional_r2_2_resendAfterTimeoutIsDeliveredOnce").contains(
                    "after a timeout and a resend of one message the provider holds 2 copies"), o.toString());
            assertTrue(o.get("optional_r2_2_resendAfterTimeoutIsDeliveredOnce").contains(
                    "send the same idempotency key on every attempt"), o.toString());
        }

        @Test
        void throwingOnA5xxFailsTheClassificationRules() {
            Map<String, String> o = expectFailures(BrokenAdapters.ThrowsOnServerErrorVerification.class,
                    "required_r3_2_transientFailureIsRetryable", "required_r3_8_providerFailuresNeverEscapeAsExceptions",
                    "required_r3_9_batchResultsFollowTheMessagesOrder");
            assertTrue(o.get("required_r3_2_transientFailureIsRetryable").contains(
                    "send threw java.io.UncheckedIOException: java.io.IOException: HTTP 503"), o.toString());
            assertTrue(o.get("required_r3_8_providerFailuresNeverEscapeAsExceptions").contains(
                    "send with TRANSIENT_FAILURE threw java.io.UncheckedIOException"), o.toString());
        }

        @Test
        void aTimeoutTakenForPermanentFailsTheUnknownRule() {
            Map<String, String> o = expectFailures(BrokenAdapters.TimeoutIsPermanentVerification.class,
                    "required_r3_6_timeoutAfterSendIsUnknown");
            assertTrue(o.get("required_r3_6_timeoutAfterSendIsUnknown").contains("was answered Permanent[reason=provider"
                    + " timed out, suppressAddress=false]; expected Unknown"), o.toString());
        }

        @Test
        void sharedMutableStateFailsTheConcurrencyRule() {
            Map<String, String> o = expectFailures(BrokenAdapters.NotThreadSafeVerification.class,
                    "required_r5_1_concurrentSendsAreSafeAndBounded");
            String message = o.get("required_r5_1_concurrentSendsAreSafeAndBounded");
            assertTrue(message.contains("128 messages sent from 8 threads at once: "), message);
            assertTrue(message.contains("recipients received nothing"), message);
            assertTrue(message.contains("check: shared mutable state"), message);
        }

        @Test
        void sendingMoreThanMaxBatchFailsTheBatchRule() {
            Map<String, String> o = expectFailures(BrokenAdapters.IgnoresMaxBatchVerification.class,
                    "required_r1_3_providerRequestsNeverExceedMaxBatch");
            assertTrue(o.get("required_r1_3_providerRequestsNeverExceedMaxBatch").matches(
                    "(?s).*provider request \\d+ carried 7 messages of a batch of 7, but capabilities\\(\\)\\.maxBatch\\(\\)"
                            + " is 3.*"), o.toString());
        }

        @Test
        void reportingOpensAsClicksFailsTheEventTypeRule() {
            Map<String, String> o = expectFailures(BrokenAdapters.MixesUpEventsVerification.class,
                    "optional_r4_1_providerEventsAreReportedWithTheRightType");
            assertTrue(o.get("optional_r4_1_providerEventsAreReportedWithTheRightType").contains(
                    "OPENED: reported as CLICKED"), o.toString());
        }
    }

    @Test
    void aProbeWithoutARequiredBehaviourStopsTheKitAtSetUp() {
        Map<String, String> outcomes = run(BrokenAdapters.ProbeWithoutTimeoutsVerification.class);
        assertEquals(rules(), failed(outcomes));
        outcomes.values().forEach(message -> assertTrue(message.startsWith("TCK setup: the probe must be able to"
                + " inject ") && message.endsWith("but lacks [TIMEOUT_AFTER_SEND]"), message));
    }

    @Nested
    class TheRulesAreDocumented {

        @Test
        void everyRuleIsAPublicTestNamedByItsNumber() throws NoSuchMethodException {
            assertEquals(26, rules().size());
            for (String rule : rules()) {
                assertTrue(RULE_NAME.matcher(rule).matches(), rule);
                assertTrue(Modifier.isPublic(ChannelAdapterVerification.class.getMethod(rule).getModifiers()), rule);
            }
        }

        @Test
        void theReadmeTableListsEveryRule() throws IOException {
            String readme = Files.readString(Path.of("README.md"));
            for (String rule : rules()) {
                assertTrue(readme.contains("`" + rule + "`"), "README.md lacks " + rule);
            }
        }
    }
}
