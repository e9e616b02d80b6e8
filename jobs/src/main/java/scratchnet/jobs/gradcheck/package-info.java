/**
 * {@code gradcheck}: the book's {@code gradient_check.py} as a Spark job, the numerical gradient
 * of every parameter spread over tasks and compared with backpropagation.
 */
package scratchnet.jobs.gradcheck;
