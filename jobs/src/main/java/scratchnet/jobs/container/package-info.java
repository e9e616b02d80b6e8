/**
 * What the image ({@code mvn -Pimage package}) runs when it starts: {@link
 * scratchnet.jobs.container.Entrypoint} answers Spark's {@code driver} and {@code executor}
 * container arguments as Spark's own image does, and runs any other arguments as a scratchnet
 * command in {@code local[*]}. The image has no shell: the entrypoint is Java.
 */
package scratchnet.jobs.container;
