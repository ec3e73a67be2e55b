/** Implementation details of the SMS and push adapters: GSM-7 table, segmentation, keywords, settings, HTTP helpers. */
package io.recall.examples.sms.internal;
