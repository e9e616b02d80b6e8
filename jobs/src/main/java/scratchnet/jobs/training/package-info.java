/**
 * {@code train}: the settings of a run, declared once ({@link scratchnet.jobs.training.TrainingSettings}),
 * the training set cached on the executors, the loop on the driver ({@link scratchnet.jobs.training.Training})
 * and the rounds it runs as Spark jobs ({@link scratchnet.jobs.training.RoundEngine}: one job per
 * step or per local steps here, {@link scratchnet.jobs.training.JobRounds}; many synchronous steps
 * per job in {@code training.sync}), what the tasks compute, checkpoints to resume from, the curves
 * of losses and accuracies, and the model card written beside the weights. The classes that
 * {@code training.sync} builds on are public for it; nothing here names that package.
 */
package scratchnet.jobs.training;
