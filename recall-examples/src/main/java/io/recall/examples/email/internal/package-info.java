/**
 * How the SMTP adapter works inside: Message-IDs derived from idempotency keys, MIME composition, the
 * Angus transport that records how far a transaction got, the classification of SMTP outcomes, and the
 * bounce mailbox poller. Not API: may change in any release.
 */
package io.recall.examples.email.internal;
