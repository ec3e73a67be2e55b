package io.recall.examples.sms.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises the reply keywords a shop must honour in an inbound SMS: opt-out (STOP and its synonyms, 退订,
 * TD) and HELP. The whole reply must be the keyword, ignoring case, surrounding and repeated whitespace,
 * full-width forms (NFKC) and trailing punctuation, so "stop!" and "ＳＴＯＰ" count but "don't stop" does not.
 */
public final class Keywords {

    /** What a reply asks for. */
    public enum Kind {
        /** Stop sending: unsubscribe the number. */
        OPT_OUT,
        /** Send the help text. */
        HELP
    }

    /** A recognised keyword, in its normal form (upper case, or the Chinese as written). */
    public record Match(Kind kind, String keyword) {
    }

    private static final Set<String> OPT_OUT = Set.of("STOP", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "退订", "TD");
    private static final Set<String> HELP = Set.of("HELP", "帮助");

    private Keywords() {
    }

    /** The keyword {@code reply} consists of, if any. */
    public static Optional<Match> classify(String reply) {
        String normal = Normalizer.normalize(reply, Normalizer.Form.NFKC).strip()
                .replaceAll("[\\p{Punct}。！？，、\\s]+$", "").replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        if (OPT_OUT.contains(normal)) {
            return Optional.of(new Match(Kind.OPT_OUT, normal));
        }
        if (HELP.contains(normal)) {
            return Optional.of(new Match(Kind.HELP, normal));
        }
        return Optional.empty();
    }
}
