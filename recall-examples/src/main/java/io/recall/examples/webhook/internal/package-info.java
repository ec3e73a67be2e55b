/** Implementation details of the webhook adapter: signing and the JSON payload. Not API. */
package io.recall.examples.webhook.internal;
