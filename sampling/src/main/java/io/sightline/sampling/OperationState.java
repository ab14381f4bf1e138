package io.sightline.sampling;

/**
 * Where adaptive sampling stands for one operation.
 *
 * @param probability the probability handed out now
 * @param observedQps the weighted sampled traces per second behind the last decision
 * @param usingAdaptive whether the last observed spans were sampled with our probability
 * @param decision what the last calculation did, in words
 * @param changedAtEpochMs when the probability last changed (0: never)
 * @param previousProbability the probability before that change
 * @param changeReason why it last changed
 */
record OperationState(double probability, double observedQps, boolean usingAdaptive, String decision,
                      long changedAtEpochMs, double previousProbability, String changeReason) {}
