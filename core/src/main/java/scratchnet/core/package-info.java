/** What every part of core shares: the bad-input exception, the regular-file check, and the background warm-up starter. */
package scratchnet.core;
