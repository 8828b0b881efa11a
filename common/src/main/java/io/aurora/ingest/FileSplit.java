package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * Bytes [start, end) of a text file, its {@code index}-th range; the last range runs to the file's
 * end, and a whole file is its only range. A range owns the lines that start in it: from the first
 * line starting at or after its first byte (the file's start for the first range) to the line that
 * holds its last byte. Only uncompressed files whose line feed is the single byte 0x0A, never part of
 * another character (UTF-8, single-byte encodings), are cut into ranges. {@code version} is the file's
 * size and modification time when the read was planned: the scan fails if the file changes under it.
 */
record FileSplit(String file, int index, long start, long end, boolean last, FileVersion version)
    implements Serializable {
  FileSplit {
    requireNonNull(file, "file is null");
    requireNonNull(version, "version is null");
  }

  /** A file read whole, by one task, whatever its size and modification time. */
  static FileSplit whole(String file) {
    return whole(file, FileVersion.ANY);
  }

  /** A file read whole, by one task, as it was when the read was planned. */
  static FileSplit whole(String file, FileVersion version) {
    return new FileSplit(file, 0, 0, Long.MAX_VALUE, true, version);
  }

  boolean isWholeFile() {
    return index == 0 && last;
  }

  /** A range opened at its first line; {@code end} counts its lines (null for the last range). */
  record Opened(InputStream in, RangeEnd end) {}

  /**
   * Opens the range at its first line: after the first line feed at or after byte start − 1. Null
   * when that line starts at or after the range's end, or there is none: the range owns no line.
   */
  Opened open(Configuration conf) throws IOException {
    Path path = new Path(file);
    FSDataInputStream raw = path.getFileSystem(conf).open(path);
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    long first = 0;
    if (start > 0) {
      raw.seek(start - 1);
      long at = start - 1;
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          in.close();
          return null;
        }
        at++;
      }
      first = at + 1;
      if (first >= end && !last) {
        in.close();
        return null;
      }
    }
    if (last) {
      return new Opened(in, null);
    }
    RangeEnd counted = new RangeEnd(in, first, end);
    return new Opened(counted, counted);
  }

  /**
   * Passes a range's bytes on, from its first line to the file's end, and counts the lines the range
   * owns: the line feeds before byte end − 1, and the first one at or after it, which ends the range's
   * last line. Until that line feed has been read every line so far is the range's own.
   */
  static final class RangeEnd extends FilterInputStream {
    private final long lastByte;
    private long position;
    private long lines;
    private boolean found;

    /** {@code in} is positioned at the line start {@code position}, at or before {@code end − 1}. */
    RangeEnd(InputStream in, long position, long end) {
      super(in);
      this.position = position;
      this.lastByte = end - 1;
    }

    /** Whether the range's last line feed has been read. */
    boolean found() {
      return found;
    }

    /** Lines the range owns; {@link Long#MAX_VALUE} until its end has been read. */
    long lines() {
      return found ? lines : Long.MAX_VALUE;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0 && !found) {
        for (int i = off; i < off + n; i++) {
          if (b[i] == '\n') {
            lines++;
            if (position + (i - off) >= lastByte) {
              found = true;
              break;
            }
          }
        }
      }
      position += Math.max(n, 0);
      return n;
    }

    @Override
    public long skip(long n) {
      throw new UnsupportedOperationException("a range is read, never skipped");
    }
  }
}
