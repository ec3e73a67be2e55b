/**
 * The contract between Recall's delivery pipeline and channel adapters. Depends on the JDK only.
 *
 * <p>Plugins provide {@link io.recall.channels.ChannelAdapterProvider}; discovery uses it.
 */
module io.recall.channels {
    exports io.recall.channels;

    uses io.recall.channels.ChannelAdapterProvider;
}
