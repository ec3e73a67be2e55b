/**
 * The channel SPI: the contract between Recall's delivery pipeline and the adapters that reach customers
 * by e-mail, SMS, push, webhook, call-back lists, ad audiences, or a plugin's own channel. Depends on the
 * JDK only.
 *
 * <p>A ten-minute tour:
 * <ul>
 *   <li><b>What is sent.</b> A {@link io.recall.channels.Message} carries an id, an idempotency key, a
 *       recipient {@link io.recall.channels.Address} (whose kind decides the {@link io.recall.channels.Channel}),
 *       a template id, a locale, typed {@link io.recall.channels.Variable}s, metadata and a
 *       {@link io.recall.channels.Purpose}.</li>
 *   <li><b>Who sends it.</b> A {@link io.recall.channels.ChannelAdapter} declares its
 *       {@link io.recall.channels.Capabilities} and sends, one message or a batch, answering a
 *       {@link io.recall.channels.SendResult} per message: accepted, retryable, permanent or unknown. Build one on
 *       {@link io.recall.channels.AbstractChannelAdapter}; decorate one with
 *       {@link io.recall.channels.ForwardingChannelAdapter}.</li>
 *   <li><b>What comes back later.</b> {@link io.recall.channels.DeliveryEvent}s (delivered, bounced, opened,
 *       clicked, complained, unsubscribed, replied STOP, token invalid) go to the
 *       {@link io.recall.channels.DeliveryEventListener} in the adapter's
 *       {@link io.recall.channels.AdapterContext}.</li>
 *   <li><b>Text.</b> A {@link io.recall.channels.TemplateRenderer} turns a message into rendered parts, or a
 *       {@link io.recall.channels.RenderResult.Failed} naming the missing template or variable.</li>
 *   <li><b>Finding adapters.</b> A plugin registers a {@link io.recall.channels.ChannelAdapterProvider};
 *       {@link io.recall.channels.ChannelAdapterDiscovery} finds them through {@link java.util.ServiceLoader}.</li>
 * </ul>
 *
 * <p>Every type is immutable or stateless unless its javadoc says otherwise; no method accepts or returns
 * null ({@link java.util.Optional} marks what may be absent). The contract-test kit
 * ({@code recall-channels-tck}) checks an adapter against numbered rules.
 */
package io.recall.channels;
