/** What every part of the project shares: the bad-input and gate-failed exceptions (exit codes 2 and 3), the SIMD switch, the regular-file check, and the background warm-up starter. */
package scratchnet.core;
