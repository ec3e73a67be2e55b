package io.recall.ingest;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * RFC 4180 records from Jackson's CSV parser, one reusable array of fields at a time (no per-row lists).
 */
final class CsvRecords implements Closeable {

    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private final CsvParser parser;
    private String[] fields = new String[16];
    private int size;
    private long line;
    private long records;

    CsvRecords(Reader reader) throws IOException {
        this(reader, ',');
    }

    CsvRecords(Reader reader, char delimiter) throws IOException {
        parser = FACTORY.createParser(reader);
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter));
    }

    /** Advances to the next record; false at the end. */
    boolean next() throws IOException {
        JsonToken token;
        try {
            token = parser.nextToken();
        } catch (IOException e) {
            throw new ImportException(records + 1, "cannot parse CSV: " + e.getMessage(), e);
        }
        if (token == null) {
            return false;
        }
        records++;
        // At START_ARRAY the token location still describes the previous record; the current location
        // is where this record begins.
        long currentLine = parser.currentLocation().getLineNr();
        line = currentLine > 0 ? currentLine : records;
        size = 0;
        try {
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new ImportException(line, "input ends inside a record", null);
                }
                if (size == fields.length) {
                    fields = Arrays.copyOf(fields, size * 2);
                }
                fields[size++] = parser.getText();
            }
        } catch (IOException e) {
            throw new ImportException(line, "cannot parse CSV: " + e.getMessage(), e);
        }
        return true;
    }

    /** The 1-based line where the current record starts. */
    long line() {
        return line;
    }

    int size() {
        return size;
    }

    String get(int i) {
        return fields[i];
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
