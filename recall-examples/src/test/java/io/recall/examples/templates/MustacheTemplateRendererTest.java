package io.recall.examples.templates;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.RenderResult;
import io.recall.channels.RenderResult.Problem;
import io.recall.channels.Variable;
import io.recall.examples.sms.SmsLength;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MustacheTemplateRendererTest {

    private static final MustacheTemplateRenderer EXAMPLES =
            MustacheTemplateRenderer.fromClasspath(MustacheTemplateRenderer.EXAMPLES);
    private static final Locale ZH_CN = Locale.SIMPLIFIED_CHINESE;

    static Map<String, Variable> winbackVariables() {
        return WinbackSamples.variables();
    }

    private static Message message(Address to, Locale locale, Map<String, Variable> variables) {
        return Message.newBuilder().id("m1").idempotencyKey("k1").recipient(to).templateId("winback").locale(locale)
                .purpose(Purpose.MARKETING).variables(variables).build();
    }

    private static Message email(Locale locale, Map<String, Variable> variables) {
        return message(new Address.Email("ada@example.test"), locale, variables);
    }

    private static Message sms(Locale locale, Map<String, Variable> variables) {
        return message(new Address.Phone("+447700900123"), locale, variables);
    }

    private static RenderResult.Rendered rendered(RenderResult result) {
        assertTrue(result.problems().isEmpty(), () -> "problems: " + result.problems());
        return result.rendered().orElseThrow();
    }

    @Nested
    class Rendering {

        @Test
        void englishEmailHasSubjectTextAndHtmlWithValuesFormattedForTheLocale() {
            RenderResult.Rendered r = rendered(EXAMPLES.render(email(Locale.UK, winbackVariables())));
            assertAll(() -> assertEquals("Ada, we miss you: 20% off your next order", r.part("subject").orElseThrow()),
                    () -> assertTrue(r.part("text").orElseThrow().contains("Use code BACK20-7KQ for 20% off")),
                    () -> assertTrue(r.part("text").orElseThrow().contains("- Tea set: £25.00 https://shop.test/p/1")),
                    () -> assertTrue(r.part("html").orElseThrow().contains("<strong>BACK20-7KQ</strong>")),
                    () -> assertTrue(r.part("html").orElseThrow().contains("<a href=\"https://shop.test/u/Zx9\">")));
        }

        @Test
        void simplifiedChineseEmailUsesTheZhCnTemplates() {
            RenderResult.Rendered r = rendered(EXAMPLES.render(email(ZH_CN, winbackVariables())));
            assertEquals("Ada，好久不见：下单立享20%优惠", r.part("subject").orElseThrow());
            assertTrue(r.part("text").orElseThrow().contains("2026年12月31日"), r.part("text").orElseThrow());
        }

        @Test
        void aFalseFlagLeavesItsSectionOut() {
            Map<String, Variable> v = winbackVariables();
            v.put("hasCoupon", new Variable.Flag(false));
            RenderResult.Rendered r = rendered(EXAMPLES.render(email(Locale.ENGLISH, v)));
            assertEquals("Ada, we miss you", r.part("subject").orElseThrow());
            assertFalse(r.part("text").orElseThrow().contains("BACK20"));
        }

        @Test
        void htmlIsEscapedInTheHtmlPartOnly() {
            Map<String, Variable> v = winbackVariables();
            v.put("firstName", new Variable.Text("<Ada & \"Bob\">"));
            RenderResult.Rendered r = rendered(EXAMPLES.render(email(Locale.ENGLISH, v)));
            assertAll(() -> assertTrue(r.part("html").orElseThrow().contains("Hi &lt;Ada &amp; &quot;Bob&quot;&gt;,")),
                    () -> assertTrue(r.part("text").orElseThrow().contains("Hi <Ada & \"Bob\">,")),
                    () -> assertTrue(r.part("subject").orElseThrow().startsWith("<Ada & \"Bob\">, we miss you")));
        }

        @Test
        void aMissingVariableIsAProblemNamingItAndThePart() {
            Map<String, Variable> v = winbackVariables();
            v.remove("couponCode");
            RenderResult result = EXAMPLES.render(email(Locale.ENGLISH, v));
            RenderResult.Failed failed = assertInstanceOf(RenderResult.Failed.class, result);
            assertEquals(Problem.Kind.MISSING_VARIABLE, failed.problems().get(0).kind());
            assertEquals("couponCode", failed.problems().get(0).subject());
            assertTrue(failed.summary().contains("missing variable 'couponCode' in template 'winback'"), failed.summary());
        }

        @Test
        void aMissingTemplateListsTheLocalesTried() {
            Message m = email(ZH_CN, winbackVariables()).toBuilder().templateId("nope").build();
            RenderResult.Failed failed = assertInstanceOf(RenderResult.Failed.class, EXAMPLES.render(m));
            assertEquals(Problem.Kind.MISSING_TEMPLATE, failed.problems().get(0).kind());
            assertTrue(failed.summary().contains("tried zh-CN, zh, en"), failed.summary());
        }

        @Test
        void smsIsPlainTextWithoutTheFilesTrailingNewline() {
            RenderResult.Rendered r = rendered(EXAMPLES.render(sms(Locale.ENGLISH, winbackVariables())));
            String text = r.part("text").orElseThrow();
            assertEquals("Ada, we miss you! Code BACK20-7KQ = 20% off till Dec 31, 2026. https://shop.test/o/7KQ"
                    + " Reply STOP to opt out", text);
            assertEquals(new SmsLength(SmsLength.Alphabet.GSM7, text.length(), 1), SmsLength.of(text));
        }

        @Test
        void chineseSmsIsUcs2() {
            String text = rendered(EXAMPLES.render(sms(ZH_CN, winbackVariables()))).part("text").orElseThrow();
            assertTrue(text.startsWith("【Recall商城】Ada，好久不见！"), text);
            assertTrue(text.endsWith("回复TD退订"), text);
            assertEquals(SmsLength.Alphabet.UCS2, SmsLength.of(text).alphabet());
        }
    }

    @Nested
    class LocaleFallback {

        @Test
        void fallbackGoesFromMostSpecificToTheDefaultLocale() {
            assertAll(() -> assertEquals(List.of("zh-CN", "zh", "en"), EXAMPLES.fallback(ZH_CN)),
                    () -> assertEquals(List.of("zh-Hans-CN", "zh-Hans", "zh-CN", "zh", "en"),
                            EXAMPLES.fallback(Locale.forLanguageTag("zh-Hans-CN"))),
                    () -> assertEquals(List.of("en"), EXAMPLES.fallback(Locale.ROOT)),
                    () -> assertEquals(List.of("fr-FR", "fr", "de"),
                            EXAMPLES.withDefaultLocale(Locale.GERMAN).fallback(Locale.FRANCE)));
        }

        @Test
        void aLocaleWithoutTemplatesFallsBackToEnglish() {
            RenderResult.Rendered r = rendered(EXAMPLES.render(email(Locale.FRANCE, winbackVariables())));
            assertTrue(r.part("subject").orElseThrow().startsWith("Ada, we miss you"));
        }

        @Test
        void allPartsComeFromOneLocale(@TempDir Path dir) throws IOException {
            write(dir, "offer/email/en/subject.mustache", "Hello {{firstName}}");
            write(dir, "offer/email/en/text.mustache", "English body");
            write(dir, "offer/email/zh/subject.mustache", "你好 {{firstName}}");   // no text part in Chinese
            write(dir, "offer/sms/zh/text.mustache", "你好 {{firstName}}");
            MustacheTemplateRenderer renderer = MustacheTemplateRenderer.fromDirectory(dir);
            Map<String, Variable> v = Map.of("firstName", new Variable.Text("Ada"));
            RenderResult.Rendered mail = rendered(renderer.render(email(ZH_CN, v).toBuilder().templateId("offer").build()));
            assertEquals("Hello Ada", mail.part("subject").orElseThrow());
            RenderResult.Rendered text = rendered(renderer.render(sms(ZH_CN, v).toBuilder().templateId("offer").build()));
            assertEquals("你好 Ada", text.part("text").orElseThrow(), "zh-CN falls back to zh");
        }

        private void write(Path dir, String path, String text) throws IOException {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }
    }

    @Nested
    class Validation {

        private final List<Locale> audience = List.of(Locale.ENGLISH, ZH_CN);

        @Test
        void theShippedWinbackTemplatesValidateForEmailAndSmsInBothLocales() {
            assertEquals(List.of(), EXAMPLES.validate("winback", Channel.EMAIL, audience, winbackVariables()));
            assertEquals(List.of(), EXAMPLES.validate("winback", Channel.SMS, audience, winbackVariables()));
        }

        @Test
        void everyMissingVariableIsListedWithTemplateLocaleAndPart() {
            Map<String, Variable> v = winbackVariables();
            v.remove("couponCode");
            v.remove("hasCoupon");
            List<Problem> problems = EXAMPLES.validate("winback", Channel.EMAIL, audience, v);
            assertTrue(problems.stream().allMatch(p -> p.kind() == Problem.Kind.MISSING_VARIABLE
                    && p.template().equals("winback")), problems::toString);
            assertEquals(List.of("couponCode en", "couponCode zh-CN", "hasCoupon en", "hasCoupon zh-CN"),
                    problems.stream().map(p -> p.subject() + " " + p.detail().split(",")[0].substring(7))
                            .distinct().sorted().collect(Collectors.toList()));
            assertTrue(problems.get(0).toString().contains("(locale en, template locale en, channel email, part "),
                    problems.get(0).toString());
        }

        @Test
        void aTemplateMissingForTheChannelIsAProblem() {
            List<Problem> problems = EXAMPLES.validate("winback", Channel.PUSH, List.of(ZH_CN), winbackVariables());
            assertEquals(1, problems.size());
            assertEquals(Problem.Kind.MISSING_TEMPLATE, problems.get(0).kind());
        }

        @Test
        void anSmsThatWouldTakeTooManyPartsIsTooLongNamingItsEncoding() {
            Map<String, Variable> v = winbackVariables();
            v.put("firstName", new Variable.Text("欧阳".repeat(40)));
            List<Problem> problems = EXAMPLES.withMaxSmsParts(2).validate("winback", Channel.SMS, List.of(ZH_CN), v);
            assertEquals(1, problems.size(), problems::toString);
            assertEquals(Problem.Kind.TOO_LONG, problems.get(0).kind());
            assertTrue(problems.get(0).detail().contains("UCS-2"), problems.get(0).detail());
            assertTrue(problems.get(0).detail().contains("parts of 67"), problems.get(0).detail());
            assertTrue(problems.get(0).detail().contains("because of '"), problems.get(0).detail());
        }

        @Test
        void aLongGsm7SmsIsTooLongNamingSeptetsAndPartsAsTheAdapterCutsThem() {
            Map<String, Variable> v = winbackVariables();
            v.put("firstName", new Variable.Text("a".repeat(250)));
            List<Problem> problems = EXAMPLES.withMaxSmsParts(2).validate("winback", Channel.SMS,
                    List.of(Locale.ENGLISH), v);
            assertEquals(1, problems.size(), problems::toString);
            assertEquals(Problem.Kind.TOO_LONG, problems.get(0).kind());
            String text = rendered(EXAMPLES.render(sms(Locale.ENGLISH, v))).part("text").orElseThrow();
            SmsLength length = SmsLength.of(text);
            assertEquals(SmsLength.Alphabet.GSM7, length.alphabet());
            assertTrue(problems.get(0).detail().contains(length.units() + " GSM-7 septets need " + length.parts()
                    + " parts of 153; at most 2 allowed"), problems.get(0).detail());
            assertEquals(3, length.parts());
        }
    }
}
