package io.recall.examples.audience.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Identifier normalisation and hashing shared by the destinations. */
public final class Normalise {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private Normalise() {
    }

    /** Trimmed and lower-cased, when it has one {@code @} between non-empty parts and no inner space. */
    public static Optional<String> email(String raw) {
        String e = Objects.requireNonNull(raw, "raw").strip().toLowerCase(Locale.ROOT);
        int at = e.indexOf('@');
        if (at <= 0 || at != e.lastIndexOf('@') || at == e.length() - 1 || e.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        return Optional.of(e);
    }

    /** Google's rule for Gmail: dots in the local part are ignored by Gmail, so they are removed before hashing. */
    public static String withoutGmailDots(String email) {
        int at = email.indexOf('@');
        String domain = email.substring(at + 1);
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            return email.substring(0, at).replace(".", "") + email.substring(at);
        }
        return email;
    }

    /** The number when it is E.164, after removing spaces and separators people type. */
    public static Optional<String> e164(String raw) {
        String p = Objects.requireNonNull(raw, "raw").strip().replaceAll("[\\s().-]", "");
        return E164.matcher(p).matches() ? Optional.of(p) : Optional.empty();
    }

    /** SHA-256 of the UTF-8 bytes, as 64 lower-case hex digits. */
    public static String sha256Hex(String normalised) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
