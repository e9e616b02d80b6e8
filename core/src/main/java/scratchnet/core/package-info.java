/** What every part of core shares: the bad-input exception and the background warm-up starter. */
package scratchnet.core;
