/**
 * Behaviour-triggered journeys: state machines as data (send, wait, branch, exit) entered by a trigger
 * (a message not opened, a click without a purchase, a purchase, a coupon about to expire), left on a STOP
 * reply, with re-entry rules. {@link io.recall.journey.JourneyRunner#advance} moves every due instance and
 * enqueues its messages into the delivery outbox; it is idempotent, so running it twice, concurrently or
 * after a crash never sends a step twice.
 */
package io.recall.journey;
