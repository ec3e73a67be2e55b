/**
 * The contract-test kit: {@link io.recall.channels.tck.ChannelAdapterVerification} holds one JUnit test per
 * numbered rule of the channel contract; {@link io.recall.channels.tck.ProviderProbe} is what an adapter author
 * implements so the kit can watch the provider and make it misbehave. The rule table is in the
 * verification class's javadoc and the module's {@code README.md}.
 */
package io.recall.channels.tck;
