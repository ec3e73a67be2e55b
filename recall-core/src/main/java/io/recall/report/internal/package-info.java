/** Implementation of the report: escaping, number formats and localised labels. Not API. */
package io.recall.report.internal;
