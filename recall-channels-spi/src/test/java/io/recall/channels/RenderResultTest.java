package io.recall.channels;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderResultTest {

    @Test
    void renderedHasPartsAndNoProblems() {
        RenderResult r = RenderResult.of(Map.of(RenderResult.Rendered.SUBJECT, "Hi", RenderResult.Rendered.TEXT, "Body"));
        assertEquals(Optional.of("Hi"), r.rendered().orElseThrow().part("subject"));
        assertEquals(List.of(), r.problems());
        assertThrows(IllegalArgumentException.class, () -> RenderResult.of(Map.of()));
    }

    @Test
    void failedNamesEveryProblem() {
        RenderResult.Failed f = RenderResult.failed(RenderResult.Problem.missingVariable("winback-1", "firstName"),
                RenderResult.Problem.missingTemplate("winback-1", "no zh-CN variant"));
        assertEquals(Optional.empty(), f.rendered());
        assertEquals("missing variable 'firstName' in template 'winback-1'; missing template 'winback-1'"
                + " (no zh-CN variant)", f.summary());
    }

    @Test
    void theNoneRendererFailsWithAMissingTemplate() {
        RenderResult r = TemplateRenderer.NONE.render(MessageTest.valid().build());
        assertEquals(RenderResult.Problem.Kind.MISSING_TEMPLATE, r.problems().get(0).kind());
        assertTrue(r.problems().get(0).toString().contains("no TemplateRenderer is configured"));
    }
}
