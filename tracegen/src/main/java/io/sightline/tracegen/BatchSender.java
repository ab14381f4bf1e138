package io.sightline.tracegen;

/** Sends one encoded batch and blocks until the server answers. Implementations are thread-safe. */
interface BatchSender extends AutoCloseable {
  /** Never throws for a transport error; that is a {@link SendOutcome.Result#FAILED} outcome. */
  SendOutcome send(SpanBatch batch);

  @Override
  void close();
}
