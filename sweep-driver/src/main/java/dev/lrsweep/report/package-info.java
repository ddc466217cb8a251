/**
 * Reports of a sweep: the ranked table and the charts. {@link dev.lrsweep.report.Ranking} orders
 * completed trials (or grid points, with repeats) and sets failed and diverged ones apart; {@link
 * dev.lrsweep.report.PointStatistics} gives every grid point its 95% interval and its comparison
 * with the best ({@link dev.lrsweep.report.VsBest}, from {@code dev.lrsweep.stats}), and {@link
 * dev.lrsweep.report.Verdict} says the result in words; each
 * {@link dev.lrsweep.report.ReportWriter} renders it to its files (CSV, Markdown, JSON, and {@link
 * dev.lrsweep.report.HtmlReport}'s self-contained report.html with its charts), {@link dev.lrsweep.report.ConsoleReport} to the terminal, and
 * {@link dev.lrsweep.report.Reports} runs them all from {@code results.jsonl} alone. {@link
 * dev.lrsweep.report.ScheduleChart} draws learning-rate (or any other) curves to PNG.
 */
package dev.lrsweep.report;
