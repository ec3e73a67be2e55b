/**
 * The customer model: profiles, orders, refunds, histories and exact {@link io.recall.model.Money}.
 * Every type is an immutable record that validates its values on construction.
 */
package io.recall.model;
