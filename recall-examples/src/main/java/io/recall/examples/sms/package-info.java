/**
 * Reference SMS channel adapters: {@link io.recall.examples.sms.SmppSmsAdapter} over SMPP (jSMPP) and
 * {@link io.recall.examples.sms.HttpSmsAdapter} for JSON-over-HTTPS gateways, plus {@link io.recall.examples.sms.SmsLength}
 * to check a text against the GSM-7 and UCS-2 limits before sending.
 */
package io.recall.examples.sms;
