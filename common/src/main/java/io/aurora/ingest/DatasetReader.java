package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the user's inputs as one dataset ready to profile: resolves files through Hadoop
 * FileSystem, detects format, encoding and CSV dialect from a bounded sample of the first file,
 * and builds a plan that parses, drops and counts malformed rows in the same single scan.
 */
public final class DatasetReader {
  private static final Logger LOG = LogManager.getLogger(DatasetReader.class);

  /** Bytes read from the start of a file to sniff it; never the whole file. */
  static final int SAMPLE_BYTES = 64 * 1024;

  /** Split size bounds of delimited files, as Spark's {@code spark.sql.files.maxPartitionBytes} (128 MB). */
  private static final long MAX_SPLIT_BYTES = 128L * 1024 * 1024;
  private static final long MIN_SPLIT_BYTES = 4L * 1024 * 1024;

  private final SparkSession spark;
  private final long maxSplitBytes;
  private final long minSplitBytes;

  public DatasetReader(SparkSession spark) {
    this(spark, MIN_SPLIT_BYTES, MAX_SPLIT_BYTES);
  }

  /** A reader with other split size bounds (tests cut small files into many ranges). */
  public DatasetReader(SparkSession spark, long minSplitBytes, long maxSplitBytes) {
    this.spark = requireNonNull(spark, "spark is null");
    if (minSplitBytes < 1 || maxSplitBytes < minSplitBytes) {
      throw new IllegalArgumentException("split bounds must be 1 <= min <= max, were " + minSplitBytes + ", " + maxSplitBytes);
    }
    this.minSplitBytes = minSplitBytes;
    this.maxSplitBytes = maxSplitBytes;
  }

  /** Resolves, sniffs and plans the read; no data is scanned until the caller runs an action. */
  public ReadResult read(ReadOptions options) {
    requireNonNull(options, "options is null");
    InputFormat requested = InputFormat.parse(options.format());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    InputFiles inputs = new InputFiles(conf);
    InputFiles.Resolved resolved = inputs.resolve(options.inputs());
    if (!resolved.deltaTables().isEmpty() || requested == InputFormat.DELTA) {
      return readDelta(resolved, options, requested);
    }
    List<String> files = new ArrayList<>();
    Map<String, Long> lengths = new HashMap<>();
    List<String> warnings = new ArrayList<>();
    for (FileStatus status : resolved.files()) {
      if (status.getLen() == 0) {
        warnings.add("skipped empty file " + status.getPath());
        continue;
      }
      files.add(status.getPath().toString());
      lengths.put(status.getPath().toString(), status.getLen());
    }
    if (files.isEmpty()) {
      throw AuroraException.badInput("file " + resolved.files().get(0).getPath() + ": the file is empty");
    }
    InputFormat format = requested == InputFormat.AUTO ? InputFormat.detect(inputs, files) : requested;
    return switch (format) {
      case PARQUET -> readParquet(files, warnings);
      case JSON -> readJson(inputs, files, lengths, options, warnings);
      case CSV, TSV -> readDelimited(inputs, files, lengths, options, format, warnings);
      default -> throw new IllegalStateException("unexpected format " + format);
    };
  }

  private ReadResult readDelimited(InputFiles inputs, List<String> files, Map<String, Long> lengths, ReadOptions options,
      InputFormat format, List<String> warnings) {
    String first = files.get(0);
    Sample head = sample(inputs, first, options);
    boolean truncated = head.truncated();
    EncodingSniffer.Encoding encoding = head.encoding();
    String text = head.text();
    String delimiter = options.delimiter() != null ? delimiter(options.delimiter())
        : format == InputFormat.TSV ? "\t" : null;
    DialectSniffer.Sniffed sniffed = DialectSniffer.sniff(text, truncated, new DialectSniffer.Overrides(
        delimiter, character("--quote", options.quote()), character("--escape", options.escape()), options.header()));
    if (sniffed.swallowedFromLine() != null) {
      throw AuroraException.badInput("file " + first + ": an unterminated quote at line " + sniffed.swallowedFromLine()
          + " swallows the rest of the file (fix the file, or set --quote)");
    }
    CsvDialect dialect = sniffed.dialect();
    if (dialect.header() && sniffed.headerCells().size() != sniffed.width()) {
      // every row would be malformed: say so instead of profiling nothing
      throw AuroraException.badInput("file " + first + ": the header has " + sniffed.headerCells().size()
          + " fields but most rows have " + sniffed.width() + " (set --header false, or --delimiter)");
    }
    List<String> columns = dialect.header() ? ColumnNames.clean(sniffed.headerCells())
        : ColumnNames.positional(sniffed.width());
    int width = dialect.header() ? sniffed.headerCells().size() : sniffed.width();
    for (int i = 1; i < files.size(); i++) {
      checkSameHeader(inputs, first, files.get(i), encoding, dialect, columns, width);
    }
    if (!dialect.header()) {
      warnings.add("no header row detected: columns are named column_1 .. column_" + width);
    }
    InputDescription description = new InputDescription(
        format == InputFormat.TSV ? "tsv" : "csv", files, encoding.name(), CsvDialect.printable(dialect.delimiter()),
        dialect.quote() == CsvDialect.NONE ? null : String.valueOf(dialect.quote()),
        dialect.quote() == CsvDialect.NONE ? null : String.valueOf(dialect.escape()),
        dialect.header(), lineEnding(dialect.lineSeparator()),
        dialect.skipRecords() > 0 ? sniffed.headerLine() - 1 : 0, warnings);
    LOG.info("read {} file(s) as {}: encoding {}, delimiter '{}', header {}, {} columns", files.size(),
        description.format(), description.encoding(), description.delimiter(), dialect.header(), columns.size());
    Splits splits = splits(files, lengths, byteRanges(dialect, encoding.charset())
        ? file -> preambleBytes(inputs.head(file, SAMPLE_BYTES), encoding.charset(), dialect) : null);
    CsvFileScan scan = new CsvFileScan(spark.sparkContext().hadoopConfiguration(), dialect, encoding.charset().name(),
        width, columns, new MalformedTally());
    if (splits.splits().size() == files.size()) {
      return delimitedPlan(splits, files, scan, description, null);
    }
    Splits whole = splits(files, lengths, null);
    return delimitedPlan(splits, files, scan, description,
        () -> delimitedPlan(whole, files, scan.withTally(new MalformedTally()), description, null));
  }

  private ReadResult delimitedPlan(Splits splits, List<String> files, CsvFileScan scan,
      InputDescription description, java.util.function.Supplier<ReadResult> wholeFiles) {
    spark.sparkContext().register(scan.tally(), "aurora.ingest.malformed");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> parsed = jsc.parallelize(splits.splits(), splits.tasks()).mapPartitions(scan);
    List<StructField> fields = new ArrayList<>();
    for (String column : scan.columns()) {
      fields.add(DataTypes.createStructField(column, DataTypes.StringType, true));
    }
    Dataset<Row> rows = spark.createDataFrame(parsed, DataTypes.createStructType(fields));
    return new ReadResult(rows, description, scan.tally().view(files), wholeFiles);
  }

  /**
   * Whether files in {@code charset} and {@code dialect} can be parsed in byte ranges: a line feed
   * is the single byte 0x0A and no part of another character (UTF-8 or a single-byte encoding), lines
   * end in LF or CRLF, and no backslash can escape a line break.
   */
  static boolean byteRanges(CsvDialect dialect, Charset charset) {
    return lineFeedIsOneByte(charset) && !dialect.backslashEscape()
        && (dialect.lineSeparator().equals("\n") || dialect.lineSeparator().equals("\r\n"));
  }

  /** Whether the line feed is the byte 0x0A and never part of another character (UTF-8, single-byte encodings). */
  static boolean lineFeedIsOneByte(Charset charset) {
    return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
        || (charset.canEncode() && charset.newEncoder().maxBytesPerChar() == 1
            && Arrays.equals("\n".getBytes(charset), new byte[] {'\n'}));
  }

  /**
   * The splits of a read, in file order: a file larger than the split size and not compressed is
   * cut into byte ranges when {@code preambles} gives its preamble's length (title lines and header,
   * which the first range must hold whole; negative: not known, read the file whole); every other
   * file is one split. The split size follows Spark's file sources: at most the maximum, and the
   * input spread over the default parallelism, but not below the minimum.
   */
  Splits splits(List<String> files, Map<String, Long> lengths, java.util.function.ToLongFunction<String> preambles) {
    long total = 0;
    for (String file : files) {
      total += lengths.get(file);
    }
    int parallelism = Math.max(1, spark.sparkContext().defaultParallelism());
    long size = Math.min(maxSplitBytes, Math.max(minSplitBytes, (total + parallelism - 1) / parallelism));
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<FileSplit> out = new ArrayList<>();
    for (String file : files) {
      long length = lengths.get(file);
      long preamble = preambles == null || length <= size || InputFiles.compressed(conf, file) ? -1
          : preambles.applyAsLong(file);
      long first = preamble < 0 ? -1 : Math.max(size, preamble);
      if (first < 0 || first >= length) {
        out.add(FileSplit.whole(file));
        continue;
      }
      int n = 1 + (int) ((length - first + size - 1) / size);
      for (int i = 0; i < n; i++) {
        long start = i == 0 ? 0 : first + (i - 1) * size;
        boolean last = i == n - 1;
        out.add(new FileSplit(file, i, start, last ? length : first + i * size, last));
      }
    }
    // small files share tasks, as before; each byte range gets one
    int tasks = (int) Math.max(1, Math.min(out.size(), Math.max(parallelism, (total + size - 1) / size)));
    return new Splits(out, tasks);
  }

  /**
   * Bytes of a file's preamble: the lines before its first data record (title lines, comments, the
   * header), found by parsing the decoded head with the file's dialect and counting line feeds in the
   * raw bytes (exact where ranges are allowed: the line feed is one byte). -1 when the head holds no
   * data record after the preamble.
   */
  static long preambleBytes(byte[] head, Charset charset, CsvDialect dialect) {
    int preamble = dialect.skipRecords() + (dialect.header() ? 1 : 0);
    if (preamble == 0) {
      return 0;
    }
    List<Integer> starts = DialectSniffer.startLines(TextDecoding.decode(head, 0, charset), dialect);
    if (starts.size() <= preamble) {
      return -1;
    }
    int lines = starts.get(preamble) - 1; // the first data record starts on the line after the preamble
    int seen = 0;
    for (int i = 0; i < head.length; i++) {
      if (head[i] == '\n' && ++seen == lines) {
        return i + 1;
      }
    }
    return -1;
  }

  /** The splits of a read and the number of tasks they are spread over. */
  record Splits(List<FileSplit> splits, int tasks) {}

  private ReadResult readJson(InputFiles inputs, List<String> files, Map<String, Long> lengths, ReadOptions options,
      List<String> warnings) {
    String first = files.get(0);
    Sample head = sample(inputs, first, options);
    boolean truncated = head.truncated();
    EncodingSniffer.Encoding encoding = head.encoding();
    String text = head.text();
    if (text.strip().startsWith("[")) {
      throw AuroraException.badInput("file " + first + ": is a JSON array document; AURORA reads JSON lines (one object per line)");
    }
    // lines as the scan reads them (JsonLinesScan): at LF, or at CR too in a file of bare-CR lines
    List<String> lines = new ArrayList<>(Arrays.asList(
        text.split(JsonLinesScan.crEndsLines(text) ? "\r\n|\r|\n" : "\r?\n")));
    if (truncated && !lines.isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    // the schema comes from the sample, so the data is scanned once; later fields not in it are ignored
    StructType schema = spark.read().json(spark.createDataset(lines, Encoders.STRING())).schema();
    schema = new StructType(Arrays.stream(schema.fields())
        .filter(f -> !f.name().equals("_corrupt_record")).toArray(StructField[]::new));
    if (schema.fields().length == 0) {
      throw AuroraException.badInput("file " + first + ": no JSON object found in the first "
          + SAMPLE_BYTES / 1024 + " KB");
    }
    MalformedTally tally = new MalformedTally();
    spark.sparkContext().register(tally, "aurora.ingest.malformed");
    // byte ranges where lines end at LF: a file of CR lines (a head without LF) stays whole (its
    // head's bytes read one char each: LF and CR are the single bytes 0x0A and 0x0D here)
    Splits splits = splits(files, lengths, lineFeedIsOneByte(encoding.charset())
        ? file -> JsonLinesScan.crEndsLines(new String(inputs.head(file, SAMPLE_BYTES), StandardCharsets.ISO_8859_1))
            ? -1 : 0 : null);
    JavaRDD<Row> parsed = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(splits.splits(), splits.tasks())
        .mapPartitions(new JsonLinesScan(spark.sparkContext().hadoopConfiguration(), encoding.charset().name(), tally));
    Dataset<Row> values = spark.createDataFrame(parsed,
        DataTypes.createStructType(List.of(DataTypes.createStructField("value", DataTypes.StringType, false))));
    Dataset<Row> rows = values.select(functions.from_json(values.col("value"), schema).alias("r")).select("r.*");
    warnings.add("JSON schema inferred from the first " + SAMPLE_BYTES / 1024 + " KB of " + first);
    ReadResult raw = new ReadResult(rows, new InputDescription("json", files, encoding.name(), null, null, null,
        null, null, 0, warnings), tally.view(files));
    return cleanNames(raw);
  }

  private ReadResult readParquet(List<String> files, List<String> warnings) {
    checkSameParquetSchema(files);
    Dataset<Row> rows;
    try {
      rows = spark.read().option("mergeSchema", "false").parquet(files.toArray(String[]::new));
    } catch (RuntimeException e) {
      throw AuroraException.badInput("file " + files.get(0) + ": not readable as Parquet ("
          + e.getClass().getSimpleName() + ")");
    }
    return cleanNames(new ReadResult(rows, new InputDescription("parquet", files, null, null, null, null, null, null,
        0, warnings), MalformedRows.none()));
  }

  // Spark without mergeSchema takes one file's schema and silently reads nulls from the others:
  // compare every footer (metadata only, read on the driver) instead
  private void checkSameParquetSchema(List<String> files) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    MessageType expected = null;
    for (String file : files) {
      MessageType schema;
      try (ParquetFileReader footer = ParquetFileReader.open(
          HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), conf))) {
        schema = footer.getFooter().getFileMetaData().getSchema();
      } catch (IOException | RuntimeException e) {
        throw AuroraException.badInput("file " + file + ": not readable as Parquet (" + e.getClass().getSimpleName()
            + ")");
      }
      if (expected == null) {
        expected = schema;
      } else if (!expected.equals(schema)) {
        throw AuroraException.badInput("file " + file + ": its Parquet schema differs from " + files.get(0) + " ("
            + schema.getFieldCount() + " vs " + expected.getFieldCount() + " columns or different types)");
      }
    }
  }

  private ReadResult readDelta(InputFiles.Resolved resolved, ReadOptions options, InputFormat requested) {
    if (requested != InputFormat.AUTO && requested != InputFormat.DELTA) {
      throw AuroraException.badInput("input " + String.join(", ", options.inputs()) + ": is a Delta table, not "
          + options.format());
    }
    if (resolved.deltaTables().size() != 1) {
      throw AuroraException.badInput("input " + String.join(", ", options.inputs())
          + ": --format delta takes exactly one table folder (a folder holding _delta_log)");
    }
    String table = resolved.deltaTables().get(0);
    DataFrameReader reader = spark.read().format("delta");
    if (options.deltaVersion() != null) {
      reader = reader.option("versionAsOf", options.deltaVersion());
    }
    Dataset<Row> rows;
    try {
      rows = reader.load(table);
    } catch (RuntimeException e) {
      throw AuroraException.badInput("input " + table + ": not readable as a Delta table"
          + (options.deltaVersion() != null ? " at version " + options.deltaVersion() : "")
          + " (" + e.getClass().getSimpleName() + ")");
    }
    return cleanNames(new ReadResult(rows, new InputDescription("delta", List.of(table), null, null, null, null,
        null, null, 0, List.of()), MalformedRows.none()));
  }

  // Parquet, Delta and JSON keep their own names: trim and de-duplicate them the same way as CSV headers
  private static ReadResult cleanNames(ReadResult raw) {
    String[] original = raw.rows().columns();
    List<String> clean = ColumnNames.clean(Arrays.asList(original));
    if (clean.equals(Arrays.asList(original))) {
      return raw;
    }
    Column[] renamed = new Column[original.length];
    for (int i = 0; i < original.length; i++) {
      renamed[i] = raw.rows().col(ColumnNames.quoted(original[i])).alias(clean.get(i));
    }
    return new ReadResult(raw.rows().select(renamed), raw.description(), raw.malformed());
  }

  /** The decoded start of a text file: what every text format is sniffed from. */
  private record Sample(boolean truncated, EncodingSniffer.Encoding encoding, String text) {}

  /** Reads at most SAMPLE_BYTES of {@code file}, detects (or takes) its encoding and rejects empty or binary files. */
  private static Sample sample(InputFiles inputs, String file, ReadOptions options) {
    byte[] bytes = inputs.head(file, SAMPLE_BYTES);
    boolean truncated = bytes.length == SAMPLE_BYTES;
    EncodingSniffer.Encoding encoding = encoding(options.encoding(), bytes, truncated, file);
    String text = EncodingSniffer.decode(bytes, encoding);
    checkText(file, text);
    return new Sample(truncated, encoding, text);
  }

  private static EncodingSniffer.Encoding encoding(String override, byte[] sample, boolean truncated, String file) {
    if (override == null) {
      return EncodingSniffer.detect(sample, truncated);
    }
    Charset charset;
    try {
      charset = Charset.forName(override);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw AuroraException.badInput("--encoding " + override + ": unknown encoding");
    }
    Optional<EncodingSniffer.Encoding> bom = EncodingSniffer.bom(sample);
    if (charset.equals(StandardCharsets.UTF_16) && bom.isPresent()) {
      return bom.get();
    }
    int bomLength = bom.filter(b -> b.charset().equals(charset)).map(EncodingSniffer.Encoding::bomLength).orElse(0);
    return new EncodingSniffer.Encoding(charset, bomLength);
  }

  private static void checkText(String file, String text) {
    if (text.isBlank()) {
      throw AuroraException.badInput("file " + file + ": the file is empty");
    }
    if (EncodingSniffer.looksBinary(text)) {
      throw AuroraException.badInput("file " + file + ": binary data, not delimited text or JSON lines");
    }
  }

  private void checkSameHeader(InputFiles inputs, String first, String file, EncodingSniffer.Encoding encoding,
      CsvDialect dialect, List<String> columns, int width) {
    byte[] sample = inputs.head(file, SAMPLE_BYTES);
    EncodingSniffer.Encoding own = EncodingSniffer.bom(sample).orElse(encoding);
    if (!own.charset().equals(encoding.charset())) {
      // the scan decodes every file of the dataset with one charset
      throw AuroraException.badInput("file " + file + ": is " + own.charset().name() + " (byte-order mark) but "
          + first + " is " + encoding.charset().name() + "; one dataset needs one encoding");
    }
    String text = EncodingSniffer.decode(sample, own);
    if (sample.length == SAMPLE_BYTES) {
      int cut = text.lastIndexOf(dialect.lineSeparator());
      text = cut > 0 ? text.substring(0, cut) : text;
    }
    List<String[]> records = DialectSniffer.parse(text, dialect.withHeader(true));
    int at = dialect.skipRecords();
    if (records.size() <= at) {
      return; // header-only or blank part files hold no rows; the scan finds nothing to compare
    }
    String[] head = records.get(at);
    if (dialect.header()) {
      List<String> names = new ArrayList<>();
      for (String cell : head) {
        names.add(cell == null ? "" : cell);
      }
      List<String> clean = ColumnNames.clean(names);
      if (!clean.equals(columns)) {
        throw AuroraException.badInput("file " + file + ": header differs from " + first + " ("
            + describeDifference(columns, clean) + ")");
      }
    } else if (head.length != width) {
      throw AuroraException.badInput("file " + file + ": has " + head.length + " columns, " + first + " has " + width);
    }
  }

  private static String describeDifference(List<String> expected, List<String> actual) {
    if (expected.size() != actual.size()) {
      return actual.size() + " columns instead of " + expected.size();
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return "column " + (i + 1) + " is '" + actual.get(i) + "', expected '" + expected.get(i) + "'";
      }
    }
    return "same names";
  }

  private static String delimiter(String value) {
    String v = switch (value.toLowerCase(Locale.ROOT)) {
      case "\\t", "tab" -> "\t";
      case "space" -> " ";
      default -> value;
    };
    if (v.isEmpty() || v.contains("\n") || v.contains("\r")) {
      throw AuroraException.badInput("--delimiter: must be a non-empty string without line breaks");
    }
    return v;
  }

  private static Character character(String option, String value) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.equalsIgnoreCase("none")) {
      return CsvDialect.NONE;
    }
    if (value.length() != 1) {
      throw AuroraException.badInput(option + " " + value + ": must be a single character (or 'none')");
    }
    return value.charAt(0);
  }

  private static String lineEnding(String separator) {
    return switch (separator) {
      case "\r\n" -> "CRLF";
      case "\r" -> "CR";
      default -> "LF";
    };
  }
}
