/**
 * The reference {@link io.recall.channels.TemplateRenderer}: Mustache templates (JMustache) per template id,
 * channel and locale, with locale fallback, HTML escaping in HTML parts only, validation of a campaign's templates
 * before anything is sent, and SMS length by encoding (measured with {@link io.recall.examples.sms.SmsLength}, what the SMS adapters send).
 */
package io.recall.examples.templates;
