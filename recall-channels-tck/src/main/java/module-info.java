/**
 * The contract-test kit for Recall channel adapters: extend
 * {@link io.recall.channels.tck.ChannelAdapterVerification} in an adapter's tests.
 */
module io.recall.channels.tck {
    requires transitive io.recall.channels;
    requires transitive org.junit.jupiter.api;

    exports io.recall.channels.tck;

    // JUnit discovers and invokes the inherited rules reflectively when tests run on the module path.
    opens io.recall.channels.tck to org.junit.platform.commons;
}
