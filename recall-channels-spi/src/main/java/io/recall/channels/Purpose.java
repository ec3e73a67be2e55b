package io.recall.channels;

/**
 * Why a message is sent, which decides the consent it needs.
 *
 * <p>Consent and suppression are the delivery pipeline's business, not an adapter's; an adapter may
 * pass the purpose on (for example as a provider category) but must not change what it sends because of it.
 */
public enum Purpose {
    /** Promotion: a win-back offer, a coupon, a newsletter. Needs marketing consent for the channel. */
    MARKETING,
    /** Service: an order, a refund, a reply to an inquiry. Sent on the basis of the customer relationship. */
    SERVICE
}
