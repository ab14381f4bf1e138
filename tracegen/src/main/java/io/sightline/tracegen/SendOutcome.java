package io.sightline.tracegen;

/**
 * How the server answered one batch.
 *
 * @param result what the answer means for the spans
 * @param detail the status or error, for the report's last failure; empty when acknowledged
 */
record SendOutcome(Result result, String detail) {
  enum Result {
    /** 2xx, or gRPC OK: the server took the spans. */
    ACKNOWLEDGED,
    /** 429 or gRPC RESOURCE_EXHAUSTED: the server is shedding load, which a benchmark measures. */
    REJECTED,
    /** Anything else: an error status, a timeout, a refused connection. */
    FAILED
  }

  static final SendOutcome ACKNOWLEDGED = new SendOutcome(Result.ACKNOWLEDGED, "");

  static SendOutcome rejected(String detail) {
    return new SendOutcome(Result.REJECTED, detail);
  }

  static SendOutcome failed(String detail) {
    return new SendOutcome(Result.FAILED, detail);
  }
}
