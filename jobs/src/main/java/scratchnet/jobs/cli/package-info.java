/**
 * The command line: the entry point spark-submit runs ({@link scratchnet.jobs.cli.Main}), the
 * commands and their declared options, and the exit codes (0 done, 2 bad usage or input, 3 a gate
 * failed, 1 anything else). A command declares its options on its fields (picocli: name,
 * default, description, check), starts Spark and calls the job packages; the work itself lives there.
 */
package scratchnet.jobs.cli;
