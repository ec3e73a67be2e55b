package io.recall.examples.cli;

/** Cells of the CSV files the commands write: RFC 4180 quoting, and free text defused against formulas. */
final class CsvCells {

    private CsvCells() {
    }

    /** The value, quoted when it holds a comma, a quote or a line break. */
    static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * Free text that came from customers or source files (a name, a category): a value a spreadsheet would run as
     * a formula (OWASP CSV injection: a leading {@code = + - @}, tab or carriage return) gets a leading apostrophe,
     * then it is quoted as {@link #csv}.
     */
    static String text(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return csv("'" + value);
        }
        return csv(value);
    }
}
