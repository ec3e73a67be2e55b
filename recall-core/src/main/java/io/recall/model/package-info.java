/**
 * The customer model: profiles, consents, orders, refunds, product views, service interactions, past
 * campaigns and coupon redemptions, histories and exact {@link io.recall.model.Money}.
 * Every type is an immutable record that validates its values on construction.
 */
package io.recall.model;
