/**
 * Import: streaming readers for order data (Online Retail, CDNOW, the grocery event log, a generic CSV),
 * mapped multi-source imports of profiles, orders, product views and service interactions, and the Complete
 * Journey campaign tables. Every row ends accepted, merged as a duplicate, or rejected with a reason and row
 * number; a value that cannot be read in a row worth keeping (an unknown country) is dropped and reported.
 */
package io.recall.ingest;
