package io.recall.channels;

/**
 * Turns a message's template id, locale and variables into the text parts its channel needs.
 *
 * <p>Used by adapters whose {@link Capabilities#rendering()} is {@link Capabilities.Rendering#LOCAL}, and
 * by the pipeline to validate a campaign before anything is sent. A renderer never throws for a template
 * problem: a missing template or variable comes back as a {@link RenderResult.Failed}.
 * Implementations must be thread-safe; rendering should not do I/O (load templates up front).
 */
@FunctionalInterface
public interface TemplateRenderer {

    /** Renders nothing: every message fails with a {@link RenderResult.Problem.Kind#MISSING_TEMPLATE} problem. */
    TemplateRenderer NONE = message -> RenderResult.failed(RenderResult.Problem.missingTemplate(message.templateId(),
            "no TemplateRenderer is configured"));

    /**
     * Renders the message's template for its channel and locale.
     *
     * @param message the message, whose template id, locale, channel and variables are used
     * @return the rendered parts, or the problems that prevented rendering
     */
    RenderResult render(Message message);
}
