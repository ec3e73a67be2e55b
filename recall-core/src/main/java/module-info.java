/**
 * Recall's engine: the customer model, RFM metrics and scoring, segmentation, import, and (as they land)
 * prediction, incentives, delivery and measurement. Exports only the public {@code io.recall.*}
 * packages; {@code io.recall.internal} stays hidden.
 */
module io.recall.core {
    requires transitive io.recall.channels;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.csv;
    requires org.slf4j;
    requires transitive java.sql;

    exports io.recall.model;
    exports io.recall.rfm;
    exports io.recall.segment;
    exports io.recall.config;
    exports io.recall.ingest;
    exports io.recall.generator;
    exports io.recall.identity;
    exports io.recall.recommend;
    exports io.recall.incentive;
    exports io.recall.predict;
    exports io.recall.delivery;
    exports io.recall.campaign;
    exports io.recall.measure;
    exports io.recall.journey;
    exports io.recall.report;
}
