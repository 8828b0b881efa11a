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
import java.util.Iterator;
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
  private final ReadLimits limits;
  /** Inputs under this root (the warehouse) are refused; null: none. */
  private final String protectedRoot;

  public DatasetReader(SparkSession spark) {
    this(spark, MIN_SPLIT_BYTES, MAX_SPLIT_BYTES);
  }

  /** A reader with other split size bounds (tests cut small files into many ranges). */
  public DatasetReader(SparkSession spark, long minSplitBytes, long maxSplitBytes) {
    this(spark, minSplitBytes, maxSplitBytes, ReadLimits.DEFAULT, null);
  }

  private DatasetReader(SparkSession spark, long minSplitBytes, long maxSplitBytes, ReadLimits limits,
      String protectedRoot) {
    this.spark = requireNonNull(spark, "spark is null");
    if (minSplitBytes < 1 || maxSplitBytes < minSplitBytes) {
      throw new IllegalArgumentException("split bounds must be 1 <= min <= max, were " + minSplitBytes + ", " + maxSplitBytes);
    }
    this.minSplitBytes = minSplitBytes;
    this.maxSplitBytes = maxSplitBytes;
    this.limits = requireNonNull(limits, "limits is null");
    this.protectedRoot = protectedRoot;
  }

  /** This reader with other bounds on records, fields and columns. */
  public DatasetReader withLimits(ReadLimits other) {
    return new DatasetReader(spark, minSplitBytes, maxSplitBytes, other, protectedRoot);
  }

  /** This reader refusing (exit 2) every input under {@code root}: the warehouse it writes to. */
  public DatasetReader refusingInputsUnder(String root) {
    return new DatasetReader(spark, minSplitBytes, maxSplitBytes, limits, requireNonNull(root, "root is null"));
  }

  /**
   * Resolves, sniffs and plans the read; no data is scanned until the caller runs an action. The keys
   * of a JSON-lines input without a declared schema are inferred from the first
   * {@value #SAMPLE_BYTES} bytes: for reads whose output stays with the operator ({@code apply});
   * a read whose statistics leave the job uses {@link #readToRelease}.
   */
  public ReadResult read(ReadOptions options) {
    return read(options, false);
  }

  /**
   * As {@link #read}, for a read whose statistics are released: a JSON-lines input without a declared
   * schema comes back with its keys pending ({@link ReadResult#pendingKeys()}), never inferred from a
   * sample, since a key in one row would become a released column name.
   */
  public ReadResult readToRelease(ReadOptions options) {
    return read(options, true);
  }

  private ReadResult read(ReadOptions options, boolean keysPending) {
    requireNonNull(options, "options is null");
    InputFormat requested = InputFormat.parse(options.format());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    InputFiles inputs = new InputFiles(conf);
    if (protectedRoot != null) {
      inputs.refuseUnder(options.inputs(), protectedRoot);
    }
    InputFiles.Resolved resolved = inputs.resolve(options.inputs());
    if (protectedRoot != null) {
      inputs.refuseUnder(options.inputs(), resolved, protectedRoot);
    }
    StructType declared = DeclaredSchema.parse(conf, options.schema());
    if (!resolved.deltaTables().isEmpty() || requested == InputFormat.DELTA) {
      refuseDeclared(declared, "a Delta table");
      return readDelta(resolved, options, requested);
    }
    Planned planned = plan(inputs, resolved);
    List<String> files = planned.files();
    InputFormat format = requested == InputFormat.AUTO ? InputFormat.detect(inputs, files) : requested;
    return switch (format) {
      case PARQUET -> {
        refuseDeclared(declared, "Parquet");
        yield readParquet(files, planned.warnings());
      }
      case JSON -> declared == null && keysPending ? pendingJson(inputs, planned, options) : readJson(inputs, planned, options, declared);
      case CSV, TSV -> readDelimited(inputs, planned, options, format, declared);
      default -> throw new IllegalStateException("unexpected format " + format);
    };
  }

  /** The non-empty files of a read with their size and modification time as planned. */
  private record Planned(List<String> files, Map<String, Long> lengths, Map<String, FileVersion> versions,
      List<String> warnings) {}

  private static Planned plan(InputFiles inputs, InputFiles.Resolved resolved) {
    List<String> files = new ArrayList<>();
    Map<String, Long> lengths = new HashMap<>();
    Map<String, FileVersion> versions = new HashMap<>();
    List<String> warnings = new ArrayList<>();
    for (FileStatus status : resolved.files()) {
      if (status.getLen() == 0) {
        warnings.add("skipped empty file " + status.getPath());
        continue;
      }
      String file = status.getPath().toString();
      files.add(file);
      lengths.put(file, status.getLen());
      versions.put(file, FileVersion.of(status));
    }
    if (files.isEmpty()) {
      throw AuroraException.badInput("file " + resolved.files().get(0).getPath() + ": the file is empty");
    }
    return new Planned(files, lengths, versions, warnings);
  }

  private static void refuseDeclared(StructType declared, String what) {
    if (declared != null) {
      throw AuroraException.badInput("--schema: the input is " + what + ", which carries its own schema; --schema"
          + " declares the columns of CSV, TSV and JSON-lines files");
    }
  }

  private ReadResult readDelimited(InputFiles inputs, Planned planned, ReadOptions options, InputFormat format,
      StructType declared) {
    List<String> files = planned.files();
    List<String> warnings = planned.warnings();
    String first = files.get(0);
    Sample head = sample(inputs, first, options);
    boolean truncated = head.truncated();
    EncodingSniffer.Encoding encoding = head.encoding();
    String text = head.text();
    if (truncated && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      // one line longer than the sample: not line-oriented data, or a line no sniffing can judge
      throw AuroraException.badInput("file " + first + ": no data rows (no line break in the first "
          + SAMPLE_BYTES / 1024 + " KB)");
    }
    String delimiter = options.delimiter() != null ? delimiter(options.delimiter())
        : format == InputFormat.TSV ? "\t" : null;
    DialectSniffer.Sniffed sniffed = DialectSniffer.sniff(text, truncated, new DialectSniffer.Overrides(
        delimiter, character("--quote", options.quote()), character("--escape", options.escape()), options.header()));
    if (sniffed.swallowedFromLine() != null) {
      throw AuroraException.badInput("file " + first + ": an unterminated quote at line " + sniffed.swallowedFromLine()
          + " swallows the rest of the file (fix the file, or set --quote)");
    }
    CsvDialect dialect = sniffed.dialect();
    int headerWidth = sniffed.headerCells().size();
    if (dialect.header() && headerWidth != sniffed.width() && !sniffed.rowNames()) {
      // every row would be malformed: say so instead of profiling nothing
      throw AuroraException.badInput("file " + first + ": the header has " + headerWidth
          + " fields but most rows have " + sniffed.width() + " (set --header false, or --delimiter)");
    }
    List<String> header = dialect.header() ? ColumnNames.clean(sniffed.headerCells()) : List.of();
    int fields = dialect.header() ? headerWidth : sniffed.width();
    CsvFileScan.RowShape shape = new CsvFileScan.RowShape(sniffed.rowNames() ? fields + 1 : fields,
        sniffed.rowNames(), sniffed.padShortRows());
    List<String> columns;
    if (declared != null) {
      for (StructField field : declared.fields()) {
        if (!(field.dataType() instanceof org.apache.spark.sql.types.AtomicType)) {
          throw AuroraException.badInput("--schema: column " + field.name() + " is " + field.dataType().sql()
              + "; the fields of delimited text take atomic types (STRING, INT, DOUBLE, DATE, ...)");
        }
      }
      if (declared.fields().length != fields) {
        throw AuroraException.badInput("file " + first + ": --schema declares " + declared.fields().length
            + " columns but the file's rows have " + fields + " fields");
      }
      columns = Arrays.asList(declared.fieldNames());
    } else {
      columns = dialect.header() ? header : ColumnNames.positional(fields);
    }
    boolean anyRows = truncated || sniffed.dataRecords() > 0;
    for (int i = 1; i < files.size(); i++) {
      anyRows |= checkSameHeader(inputs, first, files.get(i), encoding, dialect, header, fields);
    }
    if (!anyRows) {
      throw AuroraException.badInput("file " + first + ": no data rows (only a header line"
          + (files.size() > 1 ? ", as in every other file of the input" : "") + ")");
    }
    if (!dialect.header() && declared == null) {
      warnings.add("no header line: columns are named c0 .. c" + (fields - 1) + " (set --header true if line 1"
          + " holds the names)");
    }
    if (sniffed.rowNames()) {
      warnings.add("the header has one field less than the rows: the first field of every row is taken as a row"
          + " name (as R's write.table writes them) and not profiled");
    }
    if (sniffed.padShortRows()) {
      warnings.add("most rows are shorter than the header: missing trailing fields are read as nulls");
    }
    InputDescription description = new InputDescription(
        format == InputFormat.TSV ? "tsv" : "csv", files, encoding.name(), CsvDialect.printable(dialect.delimiter()),
        dialect.quote() == CsvDialect.NONE ? null : String.valueOf(dialect.quote()),
        dialect.quote() == CsvDialect.NONE ? null : String.valueOf(dialect.escape()),
        dialect.header(), lineEnding(dialect.lineSeparator()),
        dialect.skipRecords() > 0 ? sniffed.headerLine() - 1 : 0, warnings,
        dialect.header() ? sniffed.headerLine() : null, DeclaredSchema.describe(declared));
    LOG.info("read {} file(s) as {}: encoding {}, delimiter '{}', header {}, {} columns", files.size(),
        description.format(), description.encoding(), description.delimiter(), dialect.header(), columns.size());
    Splits splits = splits(files, planned.lengths(), planned.versions(), byteRanges(dialect, encoding.charset())
        ? file -> preambleBytes(inputs.head(file, SAMPLE_BYTES), encoding.charset(), dialect) : null);
    CsvFileScan scan = new CsvFileScan(spark.sparkContext().hadoopConfiguration(), dialect, encoding.charset().name(),
        shape, columns, header, limits, new MalformedTally());
    if (splits.splits().size() == files.size()) {
      return delimitedPlan(splits, files, scan, description, declared, null);
    }
    Splits whole = splits(files, planned.lengths(), planned.versions(), null);
    return delimitedPlan(splits, files, scan, description, declared,
        () -> delimitedPlan(whole, files, scan.withTally(new MalformedTally()), description, declared, null));
  }

  private ReadResult delimitedPlan(Splits splits, List<String> files, CsvFileScan scan,
      InputDescription description, StructType declared, java.util.function.Supplier<ReadResult> wholeFiles) {
    spark.sparkContext().register(scan.tally(), "aurora.ingest.malformed");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> parsed = jsc.parallelize(splits.splits(), splits.tasks()).mapPartitions(scan);
    List<StructField> fields = new ArrayList<>();
    for (String column : scan.columns()) {
      fields.add(DataTypes.createStructField(column, DataTypes.StringType, true));
    }
    Dataset<Row> rows = spark.createDataFrame(parsed, DataTypes.createStructType(fields));
    if (declared != null) {
      // declared types, cast as Spark's CSV source does with a schema: a value that is not of its type
      // is null — try_cast also under ANSI mode, whose cast error would quote the value
      Column[] typed = new Column[declared.fields().length];
      for (int i = 0; i < typed.length; i++) {
        StructField field = declared.fields()[i];
        typed[i] = functions.expr("try_cast(" + ColumnNames.quoted(field.name()) + " AS " + field.dataType().sql() + ")")
            .alias(field.name());
      }
      rows = rows.select(typed);
    }
    // a declared schema of strings only casts nothing: its rows are the files' fields as they are
    boolean strings = declared == null
        || Arrays.stream(declared.fields()).allMatch(f -> f.dataType().equals(DataTypes.StringType));
    CsvSource csv = strings ? new CsvSource(JavaSparkContext.fromSparkContext(spark.sparkContext()), splits.splits(), splits.tasks(), scan,
        spark.sparkContext().longAccumulator("aurora.ingest.csv.rowPathSplits")) : null;
    return new ReadResult(rows, description, scan.tally().view(files), wholeFiles, null, csv);
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
    return splits(files, lengths, Map.of(), preambles);
  }

  /** As above, each split carrying its file's size and modification time as planned (checked by the scan). */
  Splits splits(List<String> files, Map<String, Long> lengths, Map<String, FileVersion> versions,
      java.util.function.ToLongFunction<String> preambles) {
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
      FileVersion version = versions.getOrDefault(file, FileVersion.ANY);
      if (first < 0 || first >= length) {
        out.add(FileSplit.whole(file, version));
        continue;
      }
      int n = 1 + (int) ((length - first + size - 1) / size);
      for (int i = 0; i < n; i++) {
        long start = i == 0 ? 0 : first + (i - 1) * size;
        boolean last = i == n - 1;
        out.add(new FileSplit(file, i, start, last ? length : first + i * size, last, version));
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

  private ReadResult readJson(InputFiles inputs, Planned planned, ReadOptions options, StructType declared) {
    JsonLines json = jsonLines(inputs, planned, options, new MalformedTally());
    List<String> files = planned.files();
    List<String> warnings = planned.warnings();
    StructType schema = declared;
    if (schema == null) {
      // the schema comes from the sample, so the data is scanned once; later fields not in it are ignored
      schema = spark.read().json(spark.createDataset(json.sampleLines(), Encoders.STRING())).schema();
      schema = new StructType(Arrays.stream(schema.fields())
          .filter(f -> !f.name().equals("_corrupt_record")).toArray(StructField[]::new));
      if (schema.fields().length == 0) {
        throw AuroraException.badInput("file " + files.get(0) + ": no JSON object found in the first "
            + SAMPLE_BYTES / 1024 + " KB");
      }
      warnings.add("JSON schema inferred from the first " + SAMPLE_BYTES / 1024 + " KB of " + files.get(0));
    }
    return jsonRows(json, files, schema, warnings, DeclaredSchema.describe(declared));
  }

  /** The lines of {@code json} parsed with {@code schema}: its fields are the columns, other keys are not read. */
  private static ReadResult jsonRows(JsonLines json, List<String> files, StructType schema, List<String> warnings,
      String declaredSchema) {
    Dataset<Row> values = json.lines();
    Dataset<Row> rows = values.select(functions.from_json(values.col("value"), schema).alias("r")).select("r.*");
    return cleanNames(new ReadResult(rows, new InputDescription("json", files, json.encoding().name(), null, null, null,
        null, null, 0, warnings, null, declaredSchema), json.tally().view(files)));
  }

  /** A JSON-lines read whose keys wait for a key selection: no columns yet, both scans planned on demand. */
  private ReadResult pendingJson(InputFiles inputs, Planned planned, ReadOptions options) {
    // sniffs the first file (encoding, array documents, empty heads) now, so bad input fails before any debit
    JsonLines head = jsonLines(inputs, planned, options, new MalformedTally());
    List<String> files = planned.files();
    JsonKeySource keys = new JsonKeySource() {
      @Override
      public int maxKeysPerRow() {
        return limits.maxJsonKeysPerRow();
      }

      @Override
      public Iterator<Map.Entry<String, Long>> rowCounts() {
        int maxKeysPerRow = limits.maxJsonKeysPerRow();
        JsonLines json = jsonLines(inputs, planned, options, new MalformedTally());
        Iterator<scala.Tuple2<String, Long>> counts = json.lines().javaRDD()
            .flatMap(row -> JsonKeyCounts.keys(row.getString(0), maxKeysPerRow).iterator())
            .mapToPair(key -> new scala.Tuple2<>(key, 1L))
            .reduceByKey(Long::sum)
            .toLocalIterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return counts.hasNext();
          }

          @Override
          public Map.Entry<String, Long> next() {
            scala.Tuple2<String, Long> next = counts.next();
            return Map.entry(next._1(), next._2());
          }
        };
      }

      @Override
      public ReadResult read(List<String> selected) {
        if (selected.isEmpty()) {
          throw new IllegalArgumentException("no keys to read");
        }
        StructType schema = new StructType(selected.stream()
            .map(k -> DataTypes.createStructField(k, DataTypes.StringType, true)).toArray(StructField[]::new));
        List<String> warnings = new ArrayList<>(planned.warnings());
        warnings.add("JSON keys released by differentially private key selection; values read as text, types from released statistics");
        return jsonRows(jsonLines(inputs, planned, options, new MalformedTally()), files, schema, warnings, null);
      }
    };
    Dataset<Row> none = spark.createDataFrame(List.<Row>of(), new StructType());
    return new ReadResult(none, new InputDescription("json", files, head.encoding().name(), null, null, null, null, null, 0,
        planned.warnings(), null, null), MalformedRows.none(), null, keys);
  }

  /** The lines of a JSON-lines input as a one-column frame ({@code value}), planned, and its sniffed head. */
  private record JsonLines(Dataset<Row> lines, MalformedTally tally, EncodingSniffer.Encoding encoding,
      List<String> sampleLines) {}

  private JsonLines jsonLines(InputFiles inputs, Planned planned, ReadOptions options, MalformedTally tally) {
    List<String> files = planned.files();
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
    if (lines.stream().allMatch(String::isBlank)) {
      throw AuroraException.badInput("file " + first + ": no data rows (no complete line in the first "
          + SAMPLE_BYTES / 1024 + " KB)");
    }
    spark.sparkContext().register(tally, "aurora.ingest.malformed");
    // byte ranges where lines end at LF: a file of CR lines (a head without LF) stays whole (its
    // head's bytes read one char each: LF and CR are the single bytes 0x0A and 0x0D here)
    Splits splits = splits(files, planned.lengths(), planned.versions(), lineFeedIsOneByte(encoding.charset())
        ? file -> JsonLinesScan.crEndsLines(new String(inputs.head(file, SAMPLE_BYTES), StandardCharsets.ISO_8859_1))
            ? -1 : 0 : null);
    JavaRDD<Row> parsed = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(splits.splits(), splits.tasks())
        .mapPartitions(new JsonLinesScan(spark.sparkContext().hadoopConfiguration(), encoding.charset().name(), limits,
            tally));
    Dataset<Row> values = spark.createDataFrame(parsed,
        DataTypes.createStructType(List.of(DataTypes.createStructField("value", DataTypes.StringType, false))));
    return new JsonLines(values, tally, encoding, lines);
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

  /**
   * Checks that a later file of the input has the first file's header (or, headerless, its width),
   * and says whether it holds any data row (a file sampled whole with nothing after its header has
   * none). Messages name columns by position only: a file without the header would otherwise have its
   * first row, data, printed as names.
   */
  private boolean checkSameHeader(InputFiles inputs, String first, String file, EncodingSniffer.Encoding encoding,
      CsvDialect dialect, List<String> header, int width) {
    byte[] sample = inputs.head(file, SAMPLE_BYTES);
    EncodingSniffer.Encoding own = EncodingSniffer.bom(sample).orElse(encoding);
    if (!own.charset().equals(encoding.charset())) {
      // the scan decodes every file of the dataset with one charset
      throw AuroraException.badInput("file " + file + ": is " + own.charset().name() + " (byte-order mark) but "
          + first + " is " + encoding.charset().name() + "; one dataset needs one encoding");
    }
    String text = EncodingSniffer.decode(sample, own);
    boolean whole = sample.length < SAMPLE_BYTES;
    if (!whole) {
      int cut = text.lastIndexOf(dialect.lineSeparator());
      text = cut > 0 ? text.substring(0, cut) : text;
    }
    List<String[]> records = DialectSniffer.parse(text, dialect.withHeader(true));
    int at = dialect.skipRecords();
    if (records.size() <= at) {
      return !whole; // a blank part file holds no rows; the scan finds nothing to compare
    }
    String[] head = records.get(at);
    if (dialect.header()) {
      List<String> names = new ArrayList<>();
      for (String cell : head) {
        names.add(cell == null ? "" : cell);
      }
      List<String> clean = ColumnNames.clean(names);
      if (!clean.equals(header)) {
        throw AuroraException.badInput("file " + file + ": header differs from " + first + "'s ("
            + describeDifference(header, clean) + ")");
      }
      return !whole || records.size() > at + 1;
    } else if (head.length != width) {
      throw AuroraException.badInput("file " + file + ": has " + head.length + " columns, " + first + " has " + width);
    }
    return true;
  }

  // positions, never the names: a later file's "header" may be its first data row
  private static String describeDifference(List<String> expected, List<String> actual) {
    if (expected.size() != actual.size()) {
      return actual.size() + " columns instead of " + expected.size();
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return "the name of column " + (i + 1) + " differs";
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
