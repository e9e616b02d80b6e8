/**
 * The public spark.ml API: {@link scratchnet.ml.ScratchnetClassifier}, an estimator that trains the
 * book's network on any DataFrame with the project's own engine, and
 * {@link scratchnet.ml.ScratchnetModel}, the model it gives; both save and load as MLlib's stages
 * do, alone or in a {@code PipelineModel}, and tune with {@code CrossValidator} and
 * {@code TrainValidationSplit}. {@link scratchnet.ml.TrainingTables} reads tables for training,
 * for {@code fit} and {@code train --data TABLE}.
 */
package scratchnet.ml;
