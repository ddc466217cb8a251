/**
 * Reports of a sweep: the ranked table and the charts, starting with {@link
 * dev.lrsweep.report.ScheduleChart}, which draws learning-rate (or any other) curves to PNG.
 */
package dev.lrsweep.report;
