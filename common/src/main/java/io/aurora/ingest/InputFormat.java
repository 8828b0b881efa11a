package io.aurora.ingest;

import io.aurora.AuroraException;
import java.util.List;
import java.util.Locale;

/** The formats AURORA reads; {@code AUTO} decides per input by extension and magic bytes. */
enum InputFormat {
  AUTO, CSV, TSV, PARQUET, DELTA, JSON;

  private static final List<String> COMPRESSION = List.of(".gz", ".bz2", ".deflate", ".lz4", ".snappy", ".zst");

  static InputFormat parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "csv", "txt", "text" -> CSV;
      case "tsv", "tab" -> TSV;
      case "parquet" -> PARQUET;
      case "delta" -> DELTA;
      case "json", "jsonl", "ndjson" -> JSON;
      default -> throw AuroraException.badInput("--format " + value
          + ": unknown format (expected auto, csv, tsv, parquet, delta or json)");
    };
  }

  /** One format for all files, from each file's magic bytes and name; disagreeing files are bad input. */
  static InputFormat detect(InputFiles inputs, List<String> files) {
    InputFormat format = null;
    String decidedBy = null;
    for (String file : files) {
      InputFormat own = of(inputs, file);
      if (format == null) {
        format = own;
        decidedBy = file;
      } else if (own != format) {
        throw AuroraException.badInput("file " + file + ": looks like " + own.name().toLowerCase(Locale.ROOT)
            + " but " + decidedBy + " looks like " + format.name().toLowerCase(Locale.ROOT)
            + "; one dataset needs one format (or pass --format)");
      }
    }
    return format;
  }

  static InputFormat of(InputFiles inputs, String file) {
    String name = file.toLowerCase(Locale.ROOT);
    byte[] raw = inputs.rawHead(file, 8);
    Binary binary = Binary.of(raw);
    String base = name;
    for (String suffix : COMPRESSION) {
      if (base.endsWith(suffix)) {
        base = base.substring(0, base.length() - suffix.length());
      }
    }
    if (binary == Binary.PARQUET) {
      if (base.endsWith(".parquet") || !hasTextExtension(base)) {
        return PARQUET;
      }
      throw AuroraException.badInput("file " + file + ": is Parquet data under a text file name; pass --format parquet");
    }
    if (binary != null && binary != Binary.COMPRESSED) {
      throw AuroraException.badInput("file " + file + ": binary data (" + binary.label + "), not a dataset AURORA reads");
    }
    if (binary == Binary.COMPRESSED && base.equals(name)) {
      throw AuroraException.badInput("file " + file + ": compressed data without a .gz/.bz2 extension; rename it");
    }
    if (base.endsWith(".parquet")) {
      return PARQUET;
    }
    if (base.endsWith(".tsv") || base.endsWith(".tab")) {
      return TSV;
    }
    if (base.endsWith(".json") || base.endsWith(".jsonl") || base.endsWith(".ndjson")) {
      return JSON;
    }
    if (hasTextExtension(base)) {
      return CSV;
    }
    // no telling extension: JSON lines start with '{', anything else is tried as delimited text
    byte[] head = inputs.head(file, 64);
    for (byte b : head) {
      if (b == '{') {
        return JSON;
      }
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && (b & 0xFF) != 0xEF && (b & 0xFF) != 0xBB
          && (b & 0xFF) != 0xBF) {
        break;
      }
    }
    return CSV;
  }

  private static boolean hasTextExtension(String base) {
    return base.endsWith(".csv") || base.endsWith(".txt") || base.endsWith(".tsv") || base.endsWith(".dat")
        || base.endsWith(".psv") || base.endsWith(".tab");
  }

  /** Magic numbers of formats that are not text. */
  enum Binary {
    PARQUET("Parquet"), COMPRESSED("compressed"), ZIP("zip archive"), PNG("PNG image"), JPEG("JPEG image"),
    GIF("GIF image"), PDF("PDF document"), ELF("executable");

    final String label;

    Binary(String label) {
      this.label = label;
    }

    static Binary of(byte[] b) {
      if (starts(b, 'P', 'A', 'R', '1')) {
        return PARQUET;
      }
      if (starts(b, 0x1f, 0x8b) || starts(b, 'B', 'Z', 'h') || starts(b, 0x28, 0xb5, 0x2f, 0xfd)) {
        return COMPRESSED;
      }
      if (starts(b, 'P', 'K', 3, 4) || starts(b, 'P', 'K', 5, 6)) {
        return ZIP;
      }
      if (starts(b, 0x89, 'P', 'N', 'G')) {
        return PNG;
      }
      if (starts(b, 0xff, 0xd8, 0xff)) {
        return JPEG;
      }
      if (starts(b, 'G', 'I', 'F', '8')) {
        return GIF;
      }
      if (starts(b, '%', 'P', 'D', 'F')) {
        return PDF;
      }
      if (starts(b, 0x7f, 'E', 'L', 'F')) {
        return ELF;
      }
      return null;
    }

    private static boolean starts(byte[] b, int... magic) {
      if (b.length < magic.length) {
        return false;
      }
      for (int i = 0; i < magic.length; i++) {
        if ((b[i] & 0xFF) != magic[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
