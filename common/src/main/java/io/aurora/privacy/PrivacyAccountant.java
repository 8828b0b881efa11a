package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps one profile run within its privacy budget (ε, δ). Every statistic of every column is charged
 * here: one row touches every column, so costs compose sequentially across columns as well as across
 * statistics (privacy unit: one row). Pure-DP and zCDP spends are summed separately and converted to
 * one (ε, δ) guarantee by {@link PrivacyCost#epsilonAt(double)}.
 *
 * <p>Handing out more than the run's budget is a programming error, not a user error: {@link
 * #charge} throws {@link IllegalStateException} before the mechanism is ever built. Not thread-safe:
 * one accountant per run, used on the driver.
 */
public final class PrivacyAccountant {
  // a relative margin kept by allocate(): floating-point error of splitting must never overspend
  private static final double ALLOCATION_MARGIN = 1e-12;

  private final double epsilonBudget;
  private final double delta;
  private final NoiseSource noise;
  private BigDecimal pureEpsilon = BigDecimal.ZERO;
  private BigDecimal rho = BigDecimal.ZERO;
  private final Map<String, Integer> mechanismCounts = new TreeMap<>();
  private Debit debit;

  public PrivacyAccountant(double epsilonBudget, double delta, NoiseSource noise) {
    if (!(epsilonBudget > 0) || Double.isInfinite(epsilonBudget)) {
      throw new IllegalArgumentException("epsilon budget must be positive and finite, got " + epsilonBudget);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
    }
    this.epsilonBudget = epsilonBudget;
    this.delta = delta;
    this.noise = requireNonNull(noise, "noise is null");
  }

  /** The run's accountant from aurora.privacy.epsilon and aurora.privacy.delta (user errors: exit 2). */
  public static PrivacyAccountant fromConfig(AuroraConfig config, NoiseSource noise) {
    double epsilon = config.getDouble(ConfigKeys.EPSILON);
    double delta = config.getDouble(ConfigKeys.DELTA);
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw io.aurora.AuroraException.badInput("--epsilon (aurora.privacy.epsilon) must be a positive number, got " + epsilon);
    }
    if (!(delta > 0 && delta <= 1e-6)) {
      throw io.aurora.AuroraException.badInput("aurora.privacy.delta must be in (0, 1e-6], got " + delta);
    }
    return new PrivacyAccountant(epsilon, delta, noise);
  }

  /**
   * Splits {@code totalEpsilon} over statistics in proportion to {@code weights} (non-negative, not all
   * zero). The shares sum to at most {@code totalEpsilon}; nothing is charged until {@link #charge}.
   * Throws {@link IllegalStateException} when {@code totalEpsilon} exceeds what remains of the run.
   */
  public double[] allocate(double totalEpsilon, double... weights) {
    if (!(totalEpsilon > 0)) {
      throw new IllegalArgumentException("totalEpsilon must be positive, got " + totalEpsilon);
    }
    if (rho.signum() == 0 && new BigDecimal(totalEpsilon).compareTo(new BigDecimal(epsilonBudget).subtract(pureEpsilon)) > 0) {
      throw new IllegalStateException("internal error: allocating epsilon " + totalEpsilon + " but only "
          + remainingEpsilon() + " of the run's " + epsilonBudget + " remains");
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weights must be finite and non-negative");
      }
      sum += w;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("at least one weight must be positive");
    }
    double[] shares = new double[weights.length];
    BigDecimal exact = BigDecimal.ZERO;
    for (int i = 0; i < weights.length; i++) {
      shares[i] = totalEpsilon * (weights[i] / sum) * (1 - ALLOCATION_MARGIN);
      exact = exact.add(new BigDecimal(shares[i]));
    }
    if (exact.compareTo(new BigDecimal(totalEpsilon)) > 0) {
      throw new IllegalStateException("internal error: allocation of " + totalEpsilon + " over " + weights.length + " shares overspends");
    }
    return shares;
  }

  /** Charges an ε-DP Laplace release and returns its mechanism. */
  public IntegerLaplaceMechanism laplace(double epsilon, long l1Sensitivity) {
    IntegerLaplaceMechanism mechanism = new IntegerLaplaceMechanism(epsilon, l1Sensitivity, noise);
    charge(mechanism);
    return mechanism;
  }

  /** Charges a ρ-zCDP Gaussian release and returns its mechanism. */
  public IntegerGaussianMechanism gaussian(double rho, long l2Sensitivity) {
    IntegerGaussianMechanism mechanism = new IntegerGaussianMechanism(rho, l2Sensitivity, noise);
    charge(mechanism);
    return mechanism;
  }

  /** Charges a Gaussian release worth ε of the run's budget at the run's δ (ρ from {@link PrivacyCost#largestRhoWithin}, as the profile calibration). */
  public IntegerGaussianMechanism gaussianForEpsilon(double epsilon, long l2Sensitivity) {
    return gaussian(PrivacyCost.largestRhoWithin(epsilon, delta), l2Sensitivity);
  }

  /** Charges one release of {@code mechanism}; throws {@link IllegalStateException} if it would exceed the run's budget. */
  public void charge(IntegerMechanism mechanism) {
    charge(familyOf(mechanism.name()), mechanism.cost());
  }

  /** Charges {@code cost} under the mechanism family {@code family}; refuses beyond the run's budget. */
  public void charge(String family, PrivacyCost cost) {
    requireNonNull(family, "family is null");
    if (debit != null) {
      throw new IllegalStateException("internal error: charging " + family + " after the run was debited in the ledger: the release would go unrecorded");
    }
    BigDecimal nextPure = pureEpsilon.add(new BigDecimal(cost.epsilon()));
    BigDecimal nextRho = rho.add(new BigDecimal(cost.rho()));
    if (exceeds(nextPure, nextRho)) {
      throw new IllegalStateException("internal error: charging " + cost + " (" + family + ") would exceed the run's budget epsilon="
          + epsilonBudget + " delta=" + delta + " (already spent epsilon=" + spent().epsilon() + ")");
    }
    pureEpsilon = nextPure;
    rho = nextRho;
    mechanismCounts.merge(family, 1, Integer::sum);
  }

  private boolean exceeds(BigDecimal pure, BigDecimal zcdp) {
    if (zcdp.signum() == 0) {
      return pure.compareTo(new BigDecimal(epsilonBudget)) > 0;
    }
    return total(pure, zcdp) > epsilonBudget;
  }

  private double total(BigDecimal pure, BigDecimal zcdp) {
    // round the exact sums up before the floating-point conversion so the total is never understated
    double p = Math.nextUp(pure.doubleValue());
    double r = Math.nextUp(zcdp.doubleValue());
    return new PrivacyCost(pure.signum() == 0 ? 0 : p, r).epsilonAt(delta);
  }

  /** ε still available to this run (approximate when zCDP was spent). */
  public double remainingEpsilon() {
    return Math.max(0, epsilonBudget - spent().epsilon());
  }

  public double epsilonBudget() {
    return epsilonBudget;
  }

  public double delta() {
    return delta;
  }

  /** What the run has spent so far, for the ledger debit: (ε, δ), the composed cost and the mechanisms used. */
  public Spend spent() {
    boolean gaussian = rho.signum() > 0;
    double epsilon = gaussian ? total(pureEpsilon, rho) : Math.nextUp(pureEpsilon.doubleValue());
    if (pureEpsilon.signum() == 0 && !gaussian) {
      epsilon = 0;
    }
    // the exact pure sum may sit one ulp under the budget and round up past it: report at most the budget
    epsilon = Math.min(epsilon, epsilonBudget);
    StringBuilder names = new StringBuilder();
    mechanismCounts.forEach((family, count) -> names.append(names.length() == 0 ? "" : ",").append(family).append(':').append(count));
    return new Spend(epsilon, gaussian ? delta : 0, new PrivacyCost(pureEpsilon.doubleValue(), rho.doubleValue()), names.toString());
  }

  /**
   * Debits everything charged so far in {@code ledger} under {@code key}, as release {@code runId},
   * against the lifetime {@code datasetBudget}. Call it after building every mechanism of the run and
   * BEFORE releasing or writing anything; afterwards the accountant refuses further charges. Throws
   * the ledger's exit-3 error when the budget would be exceeded and its exit-4 error when unreachable.
   */
  public Debit debit(PrivacyLedger ledger, LedgerKey key, String runId, double datasetBudget) {
    requireNonNull(ledger, "ledger is null");
    requireNonNull(key, "key is null");
    if (debit != null) {
      throw new IllegalStateException("internal error: the run was already debited as " + debit.releaseId());
    }
    Spend spend = spent();
    debit = ledger.debit(key, runId, spend.epsilon(), spend.delta(), datasetBudget, spend.mechanisms());
    return debit;
  }

  private static String familyOf(String mechanismName) {
    int paren = mechanismName.indexOf('(');
    return paren > 0 ? mechanismName.substring(0, paren) : mechanismName;
  }

  /** A run's total spend: the (ε, δ) to debit, its composed cost, and the mechanism families with release counts. */
  public record Spend(double epsilon, double delta, PrivacyCost cost, String mechanisms) {}
}
