/**
 * Scoring: rows of a table through the network ({@link scratchnet.jobs.scoring.BatchScoring}, what the
 * spark.ml model {@code scratchnet.ml.ScratchnetModel} runs), the
 * {@code predict} job that writes one row per image through Spark SQL
 * ({@link scratchnet.jobs.scoring.Prediction} over an {@link scratchnet.jobs.scoring.ImageTable}),
 * MLlib interop ({@link scratchnet.jobs.scoring.MllibModels}: to and from
 * {@code MultilayerPerceptronClassificationModel}) and what a {@code --weights} option names
 * ({@link scratchnet.jobs.scoring.NetworkFiles}; without one, the project's own model,
 * {@link scratchnet.jobs.scoring.ProjectModel}). Rows are scored by {@link scratchnet.core.net.Scorer}.
 */
package scratchnet.jobs.scoring;
