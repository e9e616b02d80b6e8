/**
 * The report directory of scheduled evaluations: one JSON file per run, its pictures (confusion
 * heat map, misclassified digits), the history of runs with their changes, and the static page
 * that shows them. Written so that no reader ever sees a half-written run. A run's figures also go
 * to a Prometheus Pushgateway ({@link scratchnet.jobs.report.MetricsPush}).
 */
package scratchnet.jobs.report;
