/**
 * {@code train}: the settings of a run, the training set cached on the executors, the training loop
 * on the driver and the rounds it runs as Spark jobs, what the tasks compute, checkpoints to resume
 * from, the curves of losses and accuracies, and the model card written beside the weights.
 */
package scratchnet.jobs.training;
