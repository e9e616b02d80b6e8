/** MNIST: the IDX format, the four files fetched, verified (SHA-256) and cached, and images as the network reads them. */
package scratchnet.core.data;
