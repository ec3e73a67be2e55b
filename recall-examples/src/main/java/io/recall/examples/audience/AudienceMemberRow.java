package io.recall.examples.audience;

import java.util.Objects;
import java.util.Optional;

/**
 * One exported member: hashed identifiers only.
 *
 * @param customerId  the customer (kept for reconciliation; never written to the upload file)
 * @param emailSha256 the SHA-256 (lower-case hex) of the normalised e-mail address, if one was valid
 * @param phoneSha256 the SHA-256 (lower-case hex) of the normalised phone number, if one was valid
 */
public record AudienceMemberRow(String customerId, Optional<String> emailSha256, Optional<String> phoneSha256) {

    /** Requires at least one hash. */
    public AudienceMemberRow {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(emailSha256, "emailSha256");
        Objects.requireNonNull(phoneSha256, "phoneSha256");
        if (emailSha256.isEmpty() && phoneSha256.isEmpty()) {
            throw new IllegalArgumentException("member " + customerId + " needs a hashed e-mail or phone");
        }
    }
}
