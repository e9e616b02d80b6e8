/** Pictures: MNIST digits as PNG, the gradient field, training curves and the confusion heat map (JFreeChart). */
package scratchnet.core.viz;
