/** A reference app-push channel adapter: {@link io.recall.examples.push.FcmPushAdapter}, in the shape of FCM HTTP v1 over HTTP/2. */
package io.recall.examples.push;
