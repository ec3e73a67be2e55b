package io.recall.examples.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    @Test
    void redrawsOneLineAndEndsItAtOneHundredPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "reading x.csv");
        progress.progress(10, 100, 1_000);
        progress.progress(10, 100, 1_001);       // same percent, few rows: not redrawn
        progress.progress(100, 100, 54_321);
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, shown.chars().filter(c -> c == '\r').count(), shown);
        assertTrue(shown.contains(" 10% 1,000 rows"), shown);
        assertTrue(shown.endsWith("100% 54,321 rows" + System.lineSeparator()), shown);
    }
}
