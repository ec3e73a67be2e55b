/**
 * The contract between Recall's delivery pipeline and channel adapters. Depends on the JDK only.
 */
module io.recall.channels {
    exports io.recall.channels;
}
