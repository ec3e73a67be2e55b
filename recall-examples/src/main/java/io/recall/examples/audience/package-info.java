/**
 * Advertising audience exports: each consenting customer's e-mail address and phone number, normalised the way
 * the destination platform normalises them and SHA-256-hashed (lower-case hex), in the platform's upload CSV.
 * No raw identifier ever reaches the file; every customer considered is listed or excluded with a reason, and the
 * counts reconcile.
 *
 * <p>Start at {@link io.recall.examples.audience.AudienceExport#build}.
 */
package io.recall.examples.audience;
