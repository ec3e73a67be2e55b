package io.recall.examples.templates;

import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.RenderResult;
import io.recall.channels.Variable;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Locale;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever a customer's data holds, it cannot become markup in an HTML part, and stays as it is elsewhere. */
class HtmlEscapingProperties {

    private static final MustacheTemplateRenderer RENDERER =
            MustacheTemplateRenderer.fromClasspath("io/recall/examples/templates");
    /** The only entities the escaper writes. */
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot|#39|#x27|#x60|#x3D);");

    private static RenderResult.Rendered render(String value) {
        Message m = Message.newBuilder().id("m").idempotencyKey("k").recipient(new Address.Email("a@example.test"))
                .templateId("escaping").locale(Locale.ENGLISH).purpose(Purpose.SERVICE)
                .variable("value", new Variable.Text(value)).build();
        RenderResult result = RENDERER.render(m);
        assertTrue(result.problems().isEmpty(), () -> result.problems().toString());
        return result.rendered().orElseThrow();
    }

    private static String between(String text, String open, String close) {
        int from = text.indexOf(open) + open.length();
        return text.substring(from, text.lastIndexOf(close));
    }

    @Property(tries = 300)
    void aVariableInAnHtmlPartNeverYieldsUnescapedMarkup(@ForAll String value) {
        String html = render(value).part("html").orElseThrow();
        for (String fromVariable : new String[] {between(html, "<p title=\"", "\">["), between(html, "\">[", "]</p>")}) {
            String withoutEntities = ENTITY.matcher(fromVariable).replaceAll("");
            assertFalse(withoutEntities.contains("<") || withoutEntities.contains(">") || withoutEntities.contains("\"")
                    || withoutEntities.contains("&"), () -> "unescaped markup in " + fromVariable);
            assertEquals(value, unescape(fromVariable), "escaping loses nothing");
        }
    }

    @Property(tries = 100)
    void aVariableInTextAndSubjectIsLeftAsItIs(@ForAll String value) {
        RenderResult.Rendered r = render(value);
        assertEquals("Text [" + value + "]\n", r.part("text").orElseThrow());
        assertEquals(("Subject " + value).strip(), r.part("subject").orElseThrow());
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&#x60;", "`").replace("&#x3D;", "=").replace("&amp;", "&");
    }
}
