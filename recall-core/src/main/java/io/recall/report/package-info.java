/**
 * The marketer's report: {@link io.recall.report.ReportData} gathers segment sizes and movement, the R x F
 * heat map, offers and budgets, the delivery funnel per channel and measured uplift; {@link
 * io.recall.report.HtmlReport} renders it as one self-contained HTML file (inline CSS and SVG, no scripts,
 * no network), {@link io.recall.report.JsonReport} and {@link io.recall.report.CsvReport} write the same
 * numbers exactly.
 */
package io.recall.report;
