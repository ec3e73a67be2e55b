package io.recall.ingest;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Checks that bytes are well-formed UTF-8 <em>before</em> a decoder reads ahead of them, so an invalid
 * byte is reported on the line that holds it (a decoder behind a 64 KiB buffer only knows the buffer).
 * Counts physical lines as it goes.
 */
final class Utf8Lines extends FilterInputStream {

    /** Thrown for the first malformed byte sequence, with its 1-based line. */
    static final class MalformedUtf8 extends java.nio.charset.CharacterCodingException {
        private static final long serialVersionUID = 1L;
        final long line;
        private final String message;

        MalformedUtf8(long line, String message) {
            this.line = line;
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    private long line = 1;
    private int pending;      // continuation bytes still expected
    private int min;          // smallest allowed second byte, for overlong and surrogate checks
    private int max;

    Utf8Lines(InputStream in) {
        super(in);
    }

    /**
     * A strict UTF-8 reader of {@code in}, gunzipped when it starts with the gzip magic: malformed UTF-8 is an
     * error naming its line ({@link MalformedUtf8}), never silently replaced. Closing the reader closes {@code in}.
     */
    static Reader reader(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        InputStream data = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        return new InputStreamReader(new Utf8Lines(data), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            check(b);
        } else if (pending > 0) {
            throw new MalformedUtf8(line, "input ends inside a UTF-8 sequence");
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0 && pending > 0) {
            throw new MalformedUtf8(line, "input ends inside a UTF-8 sequence");
        }
        for (int i = 0; i < n; i++) {
            check(buffer[offset + i] & 0xff);
        }
        return n;
    }

    private void check(int b) throws MalformedUtf8 {
        if (pending > 0) {
            if (b < min || b > max) {
                throw new MalformedUtf8(line, String.format("invalid UTF-8: byte 0x%02X where a continuation byte belongs", b));
            }
            pending--;
            min = 0x80;
            max = 0xBF;
            return;
        }
        if (b < 0x80) {
            if (b == '\n') {
                line++;
            }
            return;
        }
        min = 0x80;
        max = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            if (b == 0xE0) {
                min = 0xA0;          // no overlong forms
            } else if (b == 0xED) {
                max = 0x9F;          // no surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            if (b == 0xF0) {
                min = 0x90;
            } else if (b == 0xF4) {
                max = 0x8F;          // nothing above U+10FFFF
            }
        } else {
            throw new MalformedUtf8(line, String.format("invalid UTF-8: byte 0x%02X cannot start a character", b));
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
