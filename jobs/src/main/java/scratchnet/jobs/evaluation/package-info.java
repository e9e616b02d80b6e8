/**
 * {@code evaluate}: the whole run ({@link scratchnet.jobs.evaluation.EvaluationJob}: weights, the
 * job, the printed accuracy and summary, the report, the pushed metrics, the gate) and its Spark job
 * ({@link scratchnet.jobs.evaluation.Evaluation}): the book's batch inference over the test set,
 * each task scoring its range of images with {@link scratchnet.core.net.Scorer} into counts that
 * merge on the driver (accuracy, confusion matrix, loss sums, the count and the lowest indices of
 * the misclassified images). Depends on {@code report} and {@code scoring}, never the other way.
 */
package scratchnet.jobs.evaluation;
