package io.recall.delivery.internal;

import io.recall.channels.Address;

import java.util.Locale;
import java.util.Objects;

/**
 * The canonical form of an address for suppression look-ups: an e-mail address is trimmed and lower-cased
 * as a whole ({@link Address.Email} lower-cases only the domain, but mailbox providers treat the local part
 * case-insensitively, and an unsubscribe must hold whatever case a later message uses); phone numbers are
 * already E.164 and every other address is kept as it is.
 */
public final class SuppressionKey {

    private SuppressionKey() {
    }

    /** The address in canonical form: equal for addresses that must share one suppression. */
    public static Address canonical(Address address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof Address.Email e) {
            return email(e);
        }
        if (address instanceof Address.AudienceMember m && m.email().isPresent()) {
            return new Address.AudienceMember(m.email().map(SuppressionKey::email), m.phone());
        }
        return address;
    }

    /** The SHA-256 (hex) of the canonical address's JSON: the JDBC store's key. */
    public static String hash(Address address) {
        return Codec.sha256(Codec.address(canonical(address)));
    }

    private static Address.Email email(Address.Email e) {
        return new Address.Email(e.value().trim().toLowerCase(Locale.ROOT));
    }
}
