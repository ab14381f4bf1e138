package io.sightline.sampling;

/** A service's operation, the unit adaptive sampling computes a probability for. */
record OperationKey(String service, String operation) {}
