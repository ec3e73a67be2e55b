package io.recall.examples.audience;

import io.recall.examples.audience.internal.Normalise;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an audience goes, which decides how identifiers are normalised before hashing and how the CSV columns
 * are named, because the platforms differ:
 *
 * <table>
 *   <caption>Normalisation per destination</caption>
 *   <tr><th></th><th>e-mail</th><th>phone</th><th>columns</th></tr>
 *   <tr><td>{@link #GOOGLE_CUSTOMER_MATCH}</td><td>trim, lower-case; for {@code gmail.com} and
 *       {@code googlemail.com}, also remove every {@code .} before the {@code @}</td><td>E.164 with
 *       {@code +}</td><td>{@code Email}, {@code Phone}</td></tr>
 *   <tr><td>{@link #META_CUSTOM_AUDIENCES}</td><td>trim, lower-case</td><td>digits only, country code first, no
 *       {@code +}, no leading zeros</td><td>{@code email}, {@code phone}</td></tr>
 * </table>
 */
public enum AudienceDestination {

    /** Google Ads Customer Match. */
    GOOGLE_CUSTOMER_MATCH("google", "Email", "Phone"),
    /** Meta (Facebook, Instagram) Custom Audiences from a customer list. */
    META_CUSTOM_AUDIENCES("meta", "email", "phone");

    private final String id;
    private final String emailColumn;
    private final String phoneColumn;

    AudienceDestination(String id, String emailColumn, String phoneColumn) {
        this.id = id;
        this.emailColumn = emailColumn;
        this.phoneColumn = phoneColumn;
    }

    /** The short name used on the command line: {@code google} or {@code meta}. */
    public String id() {
        return id;
    }

    /** The upload file's e-mail column header. */
    public String emailColumn() {
        return emailColumn;
    }

    /** The upload file's phone column header. */
    public String phoneColumn() {
        return phoneColumn;
    }

    /** The destination with this short name. */
    public static Optional<AudienceDestination> byId(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }

    /**
     * An e-mail address normalised for this destination, or empty when it does not look like {@code local@domain}.
     *
     * @param raw the address as stored
     */
    public Optional<String> normaliseEmail(String raw) {
        Optional<String> basic = Normalise.email(raw);
        return this == GOOGLE_CUSTOMER_MATCH ? basic.map(Normalise::withoutGmailDots) : basic;
    }

    /**
     * A phone number normalised for this destination, or empty when it is not E.164.
     *
     * @param e164 the number in E.164 form ({@code +} and 2 to 15 digits); normalise local numbers first (the
     *             libphonenumber normaliser in {@code io.recall.examples.phone})
     */
    public Optional<String> normalisePhone(String e164) {
        Optional<String> valid = Normalise.e164(e164);
        // Meta wants the country code and number as digits only; an E.164 number has no leading zero after '+'.
        return this == GOOGLE_CUSTOMER_MATCH ? valid : valid.map(p -> p.substring(1));
    }
}
