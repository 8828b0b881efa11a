package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Exact samplers of the discrete Laplace and discrete Gaussian distributions over the integers
 * (Canonne, Kamath, Steinke 2020, "The Discrete Gaussian for Differential Privacy", Algorithms 1–3),
 * drawing every random bit from a {@link SecureRandom}.
 *
 * <p>No floating-point operation touches a sample: all randomness enters through uniform integers
 * below an exact bound, and every probability is an exact rational compared against such an integer.
 * That removes the floating-point attacks on textbook Laplace samplers (Mironov 2012).
 *
 * <p><b>From double to rational.</b> A scale (or σ²) arrives as a {@code double}; every finite double
 * is exactly {@code m·2^e} for integers m, e, so it is converted <em>without rounding</em> to the
 * rational {@code m / 2^-e} (or {@code m·2^e / 1}), reduced by dropping common factors of two. The
 * distribution sampled is therefore exactly the one with the double's value as parameter; callers
 * that derive a scale by floating-point division keep a margin above it (see {@code NoiseCalibration})
 * so that the exact parameter is never smaller than the one the privacy proof needs.
 */
public final class SecureNoiseSource implements NoiseSource {
  private static final long serialVersionUID = 1L;
  private static final BigInteger TWO = BigInteger.TWO;

  private final Random random;

  /** Production source: a fresh {@link SecureRandom} seeded by the operating system. */
  public SecureNoiseSource() {
    this(new SecureRandom());
  }

  /**
   * A source drawing from {@code random}. Production code passes a {@link SecureRandom}; tests may
   * pass a seeded {@link Random} to be deterministic.
   */
  public SecureNoiseSource(Random random) {
    this.random = requireNonNull(random, "random is null");
  }

  @Override
  public long discreteLaplace(double scale) {
    Rational t = Rational.ofPositive("scale", scale);
    // Algorithm 2 samples P(x) ∝ exp(-|x|·s/t) for integers s, t: our scale is t/s.
    return sampleDiscreteLaplace(t.numerator(), t.denominator()).longValueExact();
  }

  @Override
  public long discreteGaussian(double sigmaSquared) {
    Rational sigma2 = Rational.ofPositive("sigmaSquared", sigmaSquared);
    return sampleDiscreteGaussian(sigma2.numerator(), sigma2.denominator()).longValueExact();
  }

  /** Uniform integer in [0, bound), by rejection on bitLength(bound) random bits. */
  BigInteger uniform(BigInteger bound) {
    int bits = bound.bitLength();
    while (true) {
      BigInteger candidate = new BigInteger(bits, random);
      if (candidate.compareTo(bound) < 0) {
        return candidate;
      }
    }
  }

  /** Bernoulli(num/den) for 0 ≤ num ≤ den. */
  boolean bernoulli(BigInteger num, BigInteger den) {
    return uniform(den).compareTo(num) < 0;
  }

  /** Algorithm 1: Bernoulli(exp(-num/den)) for num/den ≥ 0. */
  boolean bernoulliExp(BigInteger num, BigInteger den) {
    // γ > 1: exp(-γ) = exp(-1)^floor(γ) · exp(-(γ - floor(γ))), each factor sampled independently
    BigInteger[] qr = num.divideAndRemainder(den);
    for (BigInteger k = BigInteger.ZERO; k.compareTo(qr[0]) < 0; k = k.add(BigInteger.ONE)) {
      if (!bernoulliExpAtMostOne(BigInteger.ONE, BigInteger.ONE)) {
        return false;
      }
    }
    return bernoulliExpAtMostOne(qr[1], den);
  }

  /** Algorithm 1 for 0 ≤ γ = num/den ≤ 1: count the length of the run of Bernoulli(γ/k) successes. */
  private boolean bernoulliExpAtMostOne(BigInteger num, BigInteger den) {
    BigInteger k = BigInteger.ONE;
    while (bernoulli(num, den.multiply(k))) {
      k = k.add(BigInteger.ONE);
    }
    return k.testBit(0);
  }

  /** Algorithm 2: discrete Laplace with P(x) ∝ exp(-|x|·s/t), s, t positive integers. */
  BigInteger sampleDiscreteLaplace(BigInteger t, BigInteger s) {
    while (true) {
      BigInteger u = uniform(t);
      if (!bernoulliExp(u, t)) {
        continue;
      }
      BigInteger v = BigInteger.ZERO;
      while (bernoulliExp(BigInteger.ONE, BigInteger.ONE)) {
        v = v.add(BigInteger.ONE);
      }
      BigInteger x = u.add(t.multiply(v));
      BigInteger y = x.divide(s);
      boolean negative = bernoulli(BigInteger.ONE, TWO);
      if (negative && y.signum() == 0) {
        continue;
      }
      return negative ? y.negate() : y;
    }
  }

  /** Algorithm 3: discrete Gaussian with σ² = num/den, by rejection from a discrete Laplace of integer scale t. */
  BigInteger sampleDiscreteGaussian(BigInteger num, BigInteger den) {
    // t = floor(σ) + 1; floor(sqrt(x)) = floor(sqrt(floor(x))) for x ≥ 0
    BigInteger t = num.divide(den).sqrt().add(BigInteger.ONE);
    // bias = (|Y| - σ²/t)² / (2σ²) = (|Y|·den·t - num)² / (2·num·den·t²)
    BigInteger biasDen = TWO.multiply(num).multiply(den).multiply(t).multiply(t);
    while (true) {
      BigInteger y = sampleDiscreteLaplace(t, BigInteger.ONE);
      BigInteger diff = y.abs().multiply(den).multiply(t).subtract(num);
      if (bernoulliExp(diff.multiply(diff), biasDen)) {
        return y;
      }
    }
  }

  /** An exact non-negative rational num/den with den > 0, converted from a double without rounding. */
  record Rational(BigInteger numerator, BigInteger denominator) {
    static Rational ofPositive(String name, double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
      }
      long bits = Double.doubleToRawLongBits(value);
      int exponentBits = (int) ((bits >>> 52) & 0x7ff);
      long mantissa = bits & 0xfffffffffffffL;
      int exponent;
      if (exponentBits == 0) {
        exponent = -1074; // subnormal
      } else {
        mantissa |= 1L << 52;
        exponent = exponentBits - 1075;
      }
      // value = mantissa · 2^exponent exactly; drop common factors of two
      int shift = Long.numberOfTrailingZeros(mantissa);
      mantissa >>>= shift;
      exponent += shift;
      BigInteger m = BigInteger.valueOf(mantissa);
      return exponent >= 0
          ? new Rational(m.shiftLeft(exponent), BigInteger.ONE)
          : new Rational(m, BigInteger.ONE.shiftLeft(-exponent));
    }
  }
}
