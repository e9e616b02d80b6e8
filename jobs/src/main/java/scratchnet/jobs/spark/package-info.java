/**
 * Spark plumbing every job shares: starting the context, Kryo registration, partition functions run
 * as jobs of their own, jobs from background driver threads, logging, and the start-up tuning
 * (warm-ups) that one class decides for every command. Nothing here knows MNIST or the network.
 */
package scratchnet.jobs.spark;
