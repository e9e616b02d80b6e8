/**
 * What runs in the submitting JVM for a cluster deploy mode: spark-submit of the project's own jars
 * ({@link scratchnet.jobs.submit.ClusterSubmit}), then the application's outcome as the driver gave
 * it, so that a scheduler sees the same one line and exit code as in client mode: read from YARN's
 * diagnostics ({@link scratchnet.jobs.submit.YarnOutcome}) or from the Kubernetes driver pod's
 * termination ({@link scratchnet.jobs.submit.KubernetesOutcome}).
 */
package scratchnet.jobs.submit;
