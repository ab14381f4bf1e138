package io.sightline.benchmarks.bigstore;

/** A query answered something other than what the fill stored: the figures would be meaningless. */
final class AnswerMismatch extends Exception {
  AnswerMismatch(String message) {
    super(message);
  }
}
