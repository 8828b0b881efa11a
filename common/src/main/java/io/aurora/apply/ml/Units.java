package io.aurora.apply.ml;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Units of measure that {@link NumberText} converts between: each known unit token with its family
 * (mass, length, …) and its size in the family's base unit. Temperature scales are not linear in one
 * another and are not converted.
 */
final class Units {
  /** A known unit: its family and how many base units one of it is. */
  record Unit(String family, double factor) {}

  private static final Map<String, Unit> KNOWN = new HashMap<>();

  static {
    family("mass", "mg", 1e-6, "g", 1e-3, "kg", 1, "t", 1000, "tonne", 1000, "tonnes", 1000, "lb", 0.45359237,
        "lbs", 0.45359237, "oz", 0.028349523125);
    family("length", "mm", 1e-3, "cm", 1e-2, "m", 1, "km", 1000, "in", 0.0254, "inch", 0.0254, "inches", 0.0254,
        "ft", 0.3048, "yd", 0.9144, "mi", 1609.344, "miles", 1609.344);
    family("time", "ms", 1e-3, "s", 1, "sec", 1, "secs", 1, "min", 60, "mins", 60, "h", 3600, "hr", 3600,
        "hrs", 3600, "hour", 3600, "hours", 3600, "d", 86400, "day", 86400, "days", 86400);
    family("data", "kb", 1e3, "mb", 1e6, "gb", 1e9, "tb", 1e12, "kib", 1024.0, "mib", 1048576.0,
        "gib", 1073741824.0, "tib", 1099511627776.0);
    family("volume", "ml", 1e-3, "cl", 1e-2, "l", 1, "litre", 1, "liter", 1, "litres", 1, "liters", 1);
    family("speed", "m/s", 1, "km/h", 1 / 3.6, "kmh", 1 / 3.6, "kph", 1 / 3.6, "mph", 0.44704);
    family("power", "w", 1, "kw", 1e3, "mw", 1e6);
  }

  private Units() {}

  private static void family(String family, Object... tokensAndFactors) {
    for (int i = 0; i < tokensAndFactors.length; i += 2) {
      KNOWN.put((String) tokensAndFactors[i], new Unit(family, ((Number) tokensAndFactors[i + 1]).doubleValue()));
    }
  }

  /** The unit a (normalised) token names, if known. */
  static Optional<Unit> of(String token) {
    return Optional.ofNullable(KNOWN.get(token));
  }

  /** The form a unit token is compared in: lower case, inner spaces removed ("Km / h" → "km/h"). */
  static String normalise(String token) {
    return token.toLowerCase(Locale.ROOT).replace(" ", "");
  }

  /**
   * {@code value} written in {@code unit} expressed in {@code reference}: the same number when the units
   * are equal or either is absent, converted within a family, NaN when the units cannot be compared.
   */
  static double convert(double value, String unit, String reference) {
    if (unit.isEmpty() || reference.isEmpty() || unit.equals(reference)) {
      return value;
    }
    Optional<Unit> from = of(unit);
    Optional<Unit> to = of(reference);
    if (from.isPresent() && to.isPresent() && from.get().family().equals(to.get().family())) {
      return value * from.get().factor() / to.get().factor();
    }
    return Double.NaN;
  }
}
