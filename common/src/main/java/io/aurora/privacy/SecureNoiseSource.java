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

  /** Production source: a fresh {@link SecureRandom} seeded by the operating system, read in blocks. */
  public SecureNoiseSource() {
    this(new BlockRandom(new SecureRandom()));
  }

  /**
   * A source drawing from {@code random}. Production code passes a {@link SecureRandom}; tests may
   * pass a seeded {@link Random} to be deterministic.
   */
  public SecureNoiseSource(Random random) {
    this.random = requireNonNull(random, "random is null");
  }

  // synchronized: the bit reservoir, the block and the σ² constants are shared state; two threads
  // must never read the same random bits
  @Override
  public synchronized long discreteLaplace(double scale) {
    Rational t = Rational.ofPositive("scale", scale);
    // Algorithm 2 samples P(x) ∝ exp(-|x|·s/t) for integers s, t: our scale is t/s.
    if (t.numerator().bitLength() <= LONG_BITS && t.denominator().bitLength() <= LONG_BITS) {
      return sampleDiscreteLaplace(t.numerator().longValueExact(), t.denominator().longValueExact());
    }
    return sampleDiscreteLaplace(t.numerator(), t.denominator()).longValueExact();
  }

  @Override
  public synchronized long discreteGaussian(double sigmaSquared) {
    GaussianParameter p = gaussian;
    if (p == null || p.sigmaSquared != sigmaSquared) {
      // a release draws thousands of samples of one σ² in a row: its exact constants are made once
      p = GaussianParameter.of(sigmaSquared, Rational.ofPositive("sigmaSquared", sigmaSquared));
      gaussian = p;
    }
    return sampleDiscreteGaussian(p).longValueExact();
  }

  /** Bits below which the samplers work on longs: products of two such values and a small factor cannot overflow. */
  private static final int LONG_BITS = 56;

  /** The last σ² sampled and its exact constants. */
  private transient GaussianParameter gaussian;

  /**
   * σ² = num/den and Algorithm 3's constants: t = floor(σ) + 1 (floor(sqrt(x)) = floor(sqrt(floor(x)))
   * for x ≥ 0), den·t, and the bias test's denominator 2·num·den·t².
   */
  private record GaussianParameter(double sigmaSquared, BigInteger num, BigInteger den, BigInteger t, BigInteger denT,
      BigInteger biasDenominator) {
    static GaussianParameter of(double sigmaSquared, Rational rational) {
      BigInteger num = rational.numerator();
      BigInteger den = rational.denominator();
      BigInteger t = num.divide(den).sqrt().add(BigInteger.ONE);
      return new GaussianParameter(sigmaSquared, num, den, t, den.multiply(t), TWO.multiply(num).multiply(den).multiply(t).multiply(t));
    }
  }

  /** Uniform integer in [0, bound) for 0 < bound, by rejection on the bits of bound − 1. */
  long uniform(long bound) {
    int bits = 64 - Long.numberOfLeadingZeros(bound - 1);
    if (bits == 0) {
      return 0;
    }
    while (true) {
      long candidate = bits(bits);
      if (candidate < bound) {
        return candidate;
      }
    }
  }

  /** Bits not yet used of the last long drawn: the samplers mostly need a few bits at a time. */
  private transient long reservoir;
  private transient int available;

  /** {@code n} fresh random bits (1 ≤ n ≤ 63) as a non-negative long; bits left over that are too few are dropped, never reused. */
  private long bits(int n) {
    if (available < n) {
      reservoir = random.nextLong();
      available = 64;
    }
    long out = reservoir & ((1L << n) - 1);
    reservoir >>>= n;
    available -= n;
    return out;
  }

  /** Bernoulli(num/den) for 0 ≤ num ≤ den, den > 0. */
  boolean bernoulli(long num, long den) {
    return uniform(den) < num;
  }

  /** Algorithm 1 on longs: Bernoulli(exp(-num/den)) for num ≥ 0, den > 0 (den of at most {@link #LONG_BITS} bits). */
  boolean bernoulliExp(long num, long den) {
    for (long k = num / den; k > 0; k--) {
      if (!bernoulliExpAtMostOne(1, 1)) {
        return false;
      }
    }
    return bernoulliExpAtMostOne(num % den, den);
  }

  /** Algorithm 1 for 0 ≤ γ = num/den ≤ 1 on longs, going on in BigIntegers should den·k outgrow a long. */
  private boolean bernoulliExpAtMostOne(long num, long den) {
    long k = 1;
    while (true) {
      long bound;
      try {
        bound = Math.multiplyExact(den, k);
      } catch (ArithmeticException overflow) {
        return bernoulliExpAtMostOne(BigInteger.valueOf(num), BigInteger.valueOf(den), BigInteger.valueOf(k));
      }
      if (!bernoulli(num, bound)) {
        return (k & 1) == 1;
      }
      k++;
    }
  }

  /** Algorithm 2 on longs: discrete Laplace with P(x) ∝ exp(-|x|·s/t), s, t positive (of at most {@link #LONG_BITS} bits). */
  long sampleDiscreteLaplace(long t, long s) {
    while (true) {
      long u = uniform(t);
      if (!bernoulliExp(u, t)) {
        continue;
      }
      long v = 0;
      while (bernoulliExp(1, 1)) {
        v++;
      }
      // x = u + t·v; v is geometric (mean 1/(e − 1)), so this overflows with probability below 2^-60 (then exactly in BigIntegers)
      long y;
      try {
        y = Math.addExact(u, Math.multiplyExact(t, v)) / s;
      } catch (ArithmeticException overflow) {
        y = BigInteger.valueOf(t).multiply(BigInteger.valueOf(v)).add(BigInteger.valueOf(u)).divide(BigInteger.valueOf(s)).longValueExact();
      }
      boolean negative = bernoulli(1, 2);
      if (negative && y == 0) {
        continue;
      }
      return negative ? -y : y;
    }
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
    if (num.bitLength() <= LONG_BITS && den.bitLength() <= LONG_BITS) {
      return bernoulliExp(num.longValueExact(), den.longValueExact());
    }
    // γ > 1: exp(-γ) = exp(-1)^floor(γ) · exp(-(γ - floor(γ))), each factor sampled independently
    BigInteger[] qr = num.divideAndRemainder(den);
    for (BigInteger k = BigInteger.ZERO; k.compareTo(qr[0]) < 0; k = k.add(BigInteger.ONE)) {
      if (!bernoulliExpAtMostOne(1, 1)) {
        return false;
      }
    }
    return den.bitLength() <= LONG_BITS ? bernoulliExpAtMostOne(qr[1].longValueExact(), den.longValueExact()) : bernoulliExpAtMostOne(qr[1], den);
  }

  /** Algorithm 1 for 0 ≤ γ = num/den ≤ 1: count the length of the run of Bernoulli(γ/k) successes. */
  private boolean bernoulliExpAtMostOne(BigInteger num, BigInteger den) {
    return bernoulliExpAtMostOne(num, den, BigInteger.ONE);
  }

  /** {@link #bernoulliExpAtMostOne(BigInteger, BigInteger)} with the first {@code from} − 1 successes already drawn. */
  private boolean bernoulliExpAtMostOne(BigInteger num, BigInteger den, BigInteger from) {
    BigInteger k = from;
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

  /** Algorithm 3: the discrete Gaussian of {@code p}, by rejection from a discrete Laplace of integer scale t. */
  private BigInteger sampleDiscreteGaussian(GaussianParameter p) {
    boolean small = p.t.bitLength() <= LONG_BITS;
    while (true) {
      BigInteger y = small ? BigInteger.valueOf(sampleDiscreteLaplace(p.t.longValueExact(), 1)) : sampleDiscreteLaplace(p.t, BigInteger.ONE);
      // bias = (|Y| - σ²/t)² / (2σ²) = (|Y|·den·t - num)² / (2·num·den·t²)
      BigInteger diff = y.abs().multiply(p.denT).subtract(p.num);
      if (bernoulliExp(diff.multiply(diff), p.biasDenominator)) {
        return y;
      }
    }
  }

  /**
   * A {@link SecureRandom} read 4 KB at a time: the exact samplers draw many small uniform integers,
   * and each call into a {@code SecureRandom} costs a lock and a mixing step (or a system call), which
   * made a thousand-column release take tens of seconds. The bytes are the generator's output in
   * order, each used once; the block is never serialised.
   */
  static final class BlockRandom extends Random {
    private static final long serialVersionUID = 1L;
    private static final int BLOCK = 4096;
    private final SecureRandom source;
    private transient byte[] block;
    private transient int next;

    BlockRandom(SecureRandom source) {
      this.source = requireNonNull(source, "source is null");
    }

    private byte nextByte() {
      if (block == null || next == BLOCK) {
        if (block == null) {
          block = new byte[BLOCK];
        }
        source.nextBytes(block);
        next = 0;
      }
      return block[next++];
    }

    @Override
    protected int next(int bits) {
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (nextByte() & 0xFF);
      }
      return v >>> (32 - bits);
    }

    @Override
    public long nextLong() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (nextByte() & 0xFF);
      }
      return v;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = nextByte();
      }
    }

    @Override
    public synchronized void setSeed(long seed) {
      // Random's constructor calls this before the source exists; a secure source is never reseeded from a long
      if (source != null) {
        throw new UnsupportedOperationException("a block of a SecureRandom cannot be reseeded");
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
