package io.aurora.train.corpus;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the labelled feature-type corpus ({@code testdata/feature-types/data_train.csv}, the
 * Sortinghat benchmark's training split) and turns each labelled column into the
 * {@link Fingerprint} the profiler would have released for it, as faithfully as its columns allow.
 *
 * <p>Approximations (the corpus has descriptive statistics and five sample values, not the data):
 * <ul>
 *   <li>counts: {@code rowCount = total_vals}, {@code nullFraction = %_nans / 100},
 *       {@code distinctEstimate = num_of_dist_val}, distinct ratio over non-null values;
 *   <li>frequency shape, assuming values spread evenly: {@code top1Share = 1/d},
 *       {@code top10Share = min(1, 10/d)}, singleton share = its lower bound {@code max(0, 2d − n)/d};
 *   <li>type class: numeric when pandas computed statistics (mean/std/min/max not all zero) or when
 *       every non-blank sample is a plain number; boolean when every sample is true/false; empty when
 *       every value is missing; string otherwise (date strings stay strings, as they do in a CSV);
 *   <li>numeric shape: mean and standard deviation as given; skewness by the range-asymmetry proxy
 *       {@code ((max − mean) − (mean − min)) / (2·sd)}; magnitude span {@code log10(max / smallest
 *       positive value)} (min, else smallest positive sample); negative/zero/integer shares from the
 *       samples; kurtosis, outlier mass and quantiles are not derivable and stay null;
 *   <li>string shape: mean/sd of length and tokens from the corpus' text features; character-class
 *       shares and the parse shares (number, number-with-unit, date, boolean, URL, e-mail, list,
 *       leading zero) from the five samples (so they move in steps of 0.2).
 * </ul>
 */
public final class FeatureTypeCorpus {
  private FeatureTypeCorpus() {}

  /** Where the corpus is: {@code -Daurora.feature-types=PATH}, else {@code testdata/feature-types} of the repository the working directory is in. */
  public static Optional<Path> locate() {
    String configured = System.getProperty("aurora.feature-types", System.getenv("AURORA_FEATURE_TYPES"));
    if (configured != null) {
      return Optional.of(Path.of(configured)).filter(Files::isRegularFile);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata/feature-types/data_train.csv");
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Every labelled column of {@code csv}. */
  public static List<LabelledColumn> read(Path csv) throws IOException {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setHeaderExtractionEnabled(true);
    settings.setMaxCharsPerColumn(1 << 20);
    settings.setNullValue("");
    settings.setEmptyValue("");
    settings.getFormat().setLineSeparator("\n");
    CsvParser parser = new CsvParser(settings);
    List<LabelledColumn> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      parser.beginParsing(r);
      String[] header = parser.getContext().parsedHeaders();
      Map<String, Integer> idx = new java.util.HashMap<>();
      String[] row;
      int index = 0;
      while ((row = parser.parseNext()) != null) {
        if (idx.isEmpty()) {
          header = parser.getContext().headers();
          for (int i = 0; i < header.length; i++) {
            idx.put(header[i], i);
          }
        }
        out.add(toColumn(row, idx, index++));
      }
    }
    return out;
  }

  private static LabelledColumn toColumn(String[] row, Map<String, Integer> idx, int index) {
    Cells c = new Cells(row, idx);
    String file = c.text("Record_id");
    String name = c.text("Attribute_name");
    FeatureType type = FeatureType.fromLabel(c.text("y_act"));
    double total = c.number("total_vals");
    double nullFraction = c.number("%_nans") / 100.0;
    double distinct = c.number("num_of_dist_val");
    double nonNull = Math.max(1, total - c.number("num_nans"));
    double distinctRatio = Math.min(1.0, distinct / nonNull);
    List<String> samples = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      samples.add(c.text("sample_" + i));
    }
    SampleShape s = new SampleShape(samples);
    double mean = c.number("mean");
    double sd = c.number("std_dev");
    double min = c.number("min_val");
    double max = c.number("max_val");
    boolean pandasNumeric = !(mean == 0 && sd == 0 && min == 0 && max == 0);

    TypeClass typeClass;
    if (nullFraction >= 1.0 || distinct == 0) {
      typeClass = TypeClass.EMPTY;
    } else if (pandasNumeric || (s.n > 0 && s.number == 1.0)) {
      typeClass = TypeClass.NUMERIC;
    } else if (s.n > 0 && s.bool == 1.0 && distinct <= 2) {
      typeClass = TypeClass.BOOLEAN;
    } else {
      typeClass = TypeClass.STRING;
    }

    Double fMean = null, fSd = null, skew = null, negative = null, zero = null, integer = null, span = null;
    if (typeClass == TypeClass.NUMERIC) {
      if (!pandasNumeric) {
        // numbers kept as strings by the CSV reader: statistics of the samples stand in
        double[] v = samples.stream().filter(x -> x != null && !x.isBlank())
            .mapToDouble(x -> Double.parseDouble(x.trim())).toArray();
        mean = java.util.Arrays.stream(v).average().orElse(0);
        double m = mean;
        sd = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1));
        min = java.util.Arrays.stream(v).min().orElse(0);
        max = java.util.Arrays.stream(v).max().orElse(0);
      }
      fMean = mean;
      fSd = sd;
      skew = sd > 0 ? ((max - mean) - (mean - min)) / (2 * sd) : 0.0;
      negative = min < 0 ? Math.max(s.negative, 1.0 / nonNull) : 0.0;
      zero = s.zero;
      integer = (min == Math.rint(min) && max == Math.rint(max)) ? s.integer : Math.min(s.integer, 0.5);
      double hi = Math.max(Math.abs(min), Math.abs(max));
      double lo = min > 0 ? min : (s.minPositive != null ? Math.min(s.minPositive, hi) : Math.max(hi, 1e-12));
      span = hi > 0 && lo > 0 ? Math.log10(hi / lo) : 0.0;
    }
    boolean stringShape = typeClass != TypeClass.EMPTY && !pandasNumeric;
    Fingerprint fp = new Fingerprint(
        "corpus", "file-" + file, "corpus", null, index, name == null ? "" : name,
        pandasNumeric ? "double" : "string", typeClass,
        // numbers read from an object column: pandas saw values that are not numbers
        typeClass == TypeClass.NUMERIC && !pandasNumeric ? 0.9 : 1.0,
        total, nullFraction, distinct, distinctRatio,
        distinct > 0 ? 1.0 / distinct : 0.0, distinct > 0 ? Math.min(1.0, 10.0 / distinct) : 0.0,
        distinct > 1 ? 1.0 : 0.0, distinct > 0 ? Math.max(0, 2 * distinct - nonNull) / distinct : 0.0,
        typeClass == TypeClass.NUMERIC ? 1.0 : s.number,
        fMean, fSd, skew, null, null, negative, zero, integer, typeClass == TypeClass.NUMERIC ? 0.0 : null, span, null,
        stringShape ? c.number("mean_char_count") : null,
        stringShape ? c.number("stdev_char_count") : null,
        stringShape ? c.number("mean_word_count") : null,
        stringShape ? s.digitChars : null, stringShape ? s.alphaChars : null,
        stringShape ? s.punctuationChars : null, stringShape ? s.whitespaceChars : null,
        stringShape ? s.number : null, stringShape ? s.date : null, stringShape ? s.bool : null,
        stringShape ? s.url : null, stringShape ? s.email : null, stringShape ? s.list : null,
        stringShape ? s.unit : null, stringShape ? s.leadingZero : null,
        0.0, Map.of(), Map.of(), Map.of(), false, new Timestamp(0));
    return new LabelledColumn(file, fp, type);
  }

  private record Cells(String[] row, Map<String, Integer> idx) {
    String text(String column) {
      Integer i = idx.get(column);
      if (i == null) {
        throw new IllegalArgumentException("corpus has no column " + column);
      }
      return i < row.length && row[i] != null ? row[i] : "";
    }

    double number(String column) {
      String t = text(column).trim();
      if (t.isEmpty()) {
        return 0.0;
      }
      try {
        return Double.parseDouble(t);
      } catch (NumberFormatException e) {
        return 0.0;
      }
    }
  }
}
