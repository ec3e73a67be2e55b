/**
 * The reference e-mail channel adapter: SMTP through Angus Mail ({@link io.recall.examples.email.SmtpAdapter},
 * found by {@code ServiceLoader} as {@link io.recall.examples.email.SmtpAdapterProvider}), and the reading of
 * delivery status notifications and complaint reports into delivery events
 * ({@link io.recall.examples.email.BounceReports}).
 */
package io.recall.examples.email;
