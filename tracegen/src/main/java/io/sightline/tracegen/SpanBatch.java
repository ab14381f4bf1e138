package io.sightline.tracegen;

import static java.util.Objects.requireNonNull;

/**
 * One request body ready to send, encoded once before the run so encoding is not measured.
 *
 * @param body the encoded request body, shared between sends and never modified
 * @param spanCount how many spans the body holds
 */
record SpanBatch(byte[] body, int spanCount) {
  SpanBatch {
    requireNonNull(body, "body");
    if (spanCount <= 0) {
      throw new IllegalArgumentException("spanCount: " + spanCount + " (expected: > 0)");
    }
  }
}
