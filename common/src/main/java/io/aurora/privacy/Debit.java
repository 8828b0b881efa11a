package io.aurora.privacy;

/**
 * The outcome of a debit: the ε/δ charged now (0 when the release already existed), and the budget
 * spent and remaining afterwards.
 */
public record Debit(String releaseId, boolean reused, double epsilonCharged, double deltaCharged, double epsilonSpent, double epsilonRemaining) {}
