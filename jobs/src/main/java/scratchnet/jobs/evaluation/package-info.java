/**
 * {@code evaluate}: the book's batch inference over the test set as one Spark job, returning counts
 * that merge on the driver (accuracy, confusion matrix, loss sums, the count and the lowest indices of the misclassified images), and
 * the project's own trained model that it evaluates by default.
 */
package scratchnet.jobs.evaluation;
