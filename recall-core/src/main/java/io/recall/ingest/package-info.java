/**
 * Import: streaming readers for order data (Online Retail, CDNOW, a generic CSV) that account for every
 * row as accepted, merged as a duplicate, or rejected with a reason and row number.
 */
package io.recall.ingest;
