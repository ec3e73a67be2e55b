package io.recall.delivery.internal;

import io.recall.channels.Address;
import io.recall.internal.Masking;

/** Renders addresses for logs with {@link Masking}: e-mail and phone numbers never appear in clear. */
public final class LogSafe {

    private LogSafe() {
    }

    /** The masked address. */
    public static String address(Address address) {
        if (address instanceof Address.Email e) {
            return Masking.email(e.value());
        }
        if (address instanceof Address.Phone p) {
            return Masking.phone(p.e164());
        }
        if (address instanceof Address.CallbackEntry c) {
            return Masking.phone(c.phone().e164());
        }
        // The other kinds mask themselves in toString().
        return address.toString();
    }
}
