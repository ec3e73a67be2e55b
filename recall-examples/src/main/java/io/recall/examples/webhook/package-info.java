/**
 * Webhooks in the Standard Webhooks convention (standardwebhooks.com): a {@link io.recall.channels.ChannelAdapter}
 * that POSTs each message as signed JSON ({@link io.recall.examples.webhook.WebhookAdapter}), and the
 * {@link io.recall.examples.webhook.WebhookVerifier} a receiving host (a bridge to a social group or a
 * messenger) uses to check what arrives.
 *
 * <p>Headers: {@code webhook-id} (the message's idempotency key, the same on every attempt),
 * {@code webhook-timestamp} (seconds since the epoch, fresh per attempt) and {@code webhook-signature}
 * (space-separated {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, one per active secret, so a secret can
 * be rotated without downtime). Secrets are {@code whsec_<base64>}.
 */
package io.recall.examples.webhook;
