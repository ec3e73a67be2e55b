package io.recall.channels.tck;

import io.recall.channels.Message;
import io.recall.channels.RenderResult;
import io.recall.channels.TemplateRenderer;
import io.recall.channels.Variable;

import java.util.Map;

/**
 * The renderer the kit hands adapters: one template, {@value #TEMPLATE}, that needs the variable
 * {@value #VARIABLE}; any other template is missing.
 */
final class KitRenderer implements TemplateRenderer {

    static final String TEMPLATE = "recall-tck-greeting";
    static final String VARIABLE = "firstName";

    /** The text every rendering of {@code firstName} contains, which the kit looks for at the provider. */
    static String marker(String firstName) {
        return "Hello " + firstName;
    }

    @Override
    public RenderResult render(Message message) {
        if (!TEMPLATE.equals(message.templateId())) {
            return RenderResult.failed(RenderResult.Problem.missingTemplate(message.templateId(),
                    "the Recall TCK's renderer only knows " + TEMPLATE));
        }
        Variable name = message.variables().get(VARIABLE);
        if (!(name instanceof Variable.Text text)) {
            return RenderResult.failed(RenderResult.Problem.missingVariable(TEMPLATE, VARIABLE));
        }
        String greeting = marker(text.value()) + ", this message comes from the Recall TCK.";
        return RenderResult.of(Map.of(
                RenderResult.Rendered.SUBJECT, "Recall TCK for " + text.value(),
                RenderResult.Rendered.TITLE, "Recall TCK",
                RenderResult.Rendered.TEXT, greeting,
                RenderResult.Rendered.HTML, "<p>" + greeting + "</p>"));
    }
}
