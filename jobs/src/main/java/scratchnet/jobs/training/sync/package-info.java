/**
 * The synchronous engine of {@code train}: a round of many steps is one Spark job of barrier tasks.
 * The driver's side is {@link scratchnet.jobs.training.sync.BarrierRounds}, which the training loop
 * reaches through {@link scratchnet.jobs.training.RoundEngine} (this package builds on
 * {@code training}, never the other way); each task ({@link scratchnet.jobs.training.sync.SyncRoundTask})
 * counts the epoch's accuracy, meets the others at the driver's
 * {@link scratchnet.jobs.training.sync.RoundHub}, then exchanges its part of every step's sum with
 * them directly ({@link scratchnet.jobs.training.sync.PeerExchange}, {@link scratchnet.jobs.training.sync.StepSum}).
 * Every byte they send each other is written and read in {@link scratchnet.jobs.training.sync.RoundProtocol},
 * after the {@link scratchnet.jobs.training.sync.Handshake} by which every connection proves it holds the
 * round's {@link scratchnet.jobs.training.sync.RoundKey}; strangers are dropped by the
 * {@link scratchnet.jobs.training.sync.Acceptor}, and when Spark encrypts, so does every connection
 * ({@link scratchnet.jobs.training.sync.SessionCipher}).
 */
package scratchnet.jobs.training.sync;
