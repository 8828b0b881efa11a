package io.aurora.apply.ml;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * The Yeo-Johnson power transformation (Yeo and Johnson 2000, as in scikit-learn's
 * {@code PowerTransformer} and SciPy's {@code yeojohnson}) and the profile log-likelihood whose
 * maximum fits its λ, as plain functions and as Spark column expressions.
 */
public final class YeoJohnsonMath {
  private YeoJohnsonMath() {}

  /** ψ(λ, x). */
  public static double transform(double x, double lambda) {
    if (x >= 0) {
      return Math.abs(lambda) < 1e-12 ? Math.log1p(x) : (Math.pow(x + 1, lambda) - 1) / lambda;
    }
    return Math.abs(lambda - 2) < 1e-12 ? -Math.log1p(-x) : -(Math.pow(1 - x, 2 - lambda) - 1) / (2 - lambda);
  }

  /** ψ(λ, x) as a column expression; null stays null. */
  public static Column transform(Column x, double lambda) {
    Column positive = Math.abs(lambda) < 1e-12 ? log1p(x) : pow(x.plus(1), lambda).minus(1).divide(lambda);
    Column negative = Math.abs(lambda - 2) < 1e-12
        ? log1p(x.unary_$minus()).unary_$minus()
        : pow(lit(1).minus(x), 2 - lambda).minus(1).divide(2 - lambda).unary_$minus();
    return when(x.geq(0), positive).when(x.lt(0), negative);
  }

  /**
   * The profile log-likelihood of λ for n values whose transforms have population variance
   * {@code variance} and whose Σ sign(x)·log(1 + |x|) is {@code signedLogSum}: −n/2·log σ²(λ) +
   * (λ − 1)·Σ sign(x)·log(1 + |x|) (constants dropped). −∞ when the variance is not positive and finite.
   */
  public static double logLikelihood(long n, double variance, double signedLogSum, double lambda) {
    if (!(variance > 0) || Double.isInfinite(variance)) {
      return Double.NEGATIVE_INFINITY;
    }
    return -n / 2.0 * Math.log(variance) + (lambda - 1) * signedLogSum;
  }

  /** sign(x)·log(1 + |x|), the Jacobian term of one value. */
  public static double signedLog(double x) {
    return Math.signum(x) * Math.log1p(Math.abs(x));
  }
}
