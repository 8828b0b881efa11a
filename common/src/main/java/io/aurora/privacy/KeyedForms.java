package io.aurora.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-way keyed forms (HMAC-SHA-256 with the ledger's own secret) of what the ledger must be able to
 * match without keeping it in plain: the identifiers of a forgotten tenant, and input identities. The
 * same identifiers always give the same form, so a forgotten dataset's spend still counts when it is
 * profiled again; a form starts with '~' or 'i', which no identifier can, so it never collides with
 * one. Anyone holding the secret can test a guessed identifier: the secret lives with the ledger and
 * is protected like it.
 *
 * <p>The ledger's owner (and the embedded database) holds the secret and computes the forms itself. A
 * tenant's role under row-level security may not read the secret: the database computes them for it
 * ({@code aurora_ledger_keyed} of conf/postgres/tenant-isolation.sql, which keys only the identifiers
 * of the tenants that role acts for), with the same HMAC, so both find the same rows.
 */
final class KeyedForms {
  private final byte[] secret;

  private KeyedForms(byte[] secret) {
    this.secret = secret;
  }

  /** Forms computed here with {@code secret}. */
  static KeyedForms withSecret(byte[] secret) {
    if (secret == null || secret.length < 16) {
      throw new IllegalArgumentException("the ledger secret is missing or too short");
    }
    return new KeyedForms(secret.clone());
  }

  /** Forms computed by the database's {@code aurora_ledger_keyed} (the connection's role cannot read the secret). */
  static KeyedForms fromDatabase() {
    return new KeyedForms(null);
  }

  /** Whether the database computes the forms (and locks input identities, {@code aurora_ledger_lock_input}). */
  boolean inDatabase() {
    return secret == null;
  }

  String tenant(Connection c, String tenant) throws SQLException {
    return "~" + mac(c, "tenant", tenant);
  }

  String dataset(Connection c, String tenant, String dataset) throws SQLException {
    return "~" + mac(c, "dataset", tenant, dataset);
  }

  /** The whole-dataset partition key '' stays as it is: it names nothing. */
  String partition(Connection c, String tenant, String dataset, String partition) throws SQLException {
    return partition.isEmpty() ? partition : "~" + mac(c, "partition", tenant, dataset, partition);
  }

  /** The keyed forms of several partitions of one dataset, in one round trip when the database computes them. */
  Map<String, String> partitions(Connection c, String tenant, String dataset, Collection<String> partitions) throws SQLException {
    Map<String, String> out = new HashMap<>();
    if (!inDatabase() || partitions.isEmpty()) {
      for (String p : partitions) {
        out.put(p, partition(c, tenant, dataset, p));
      }
      return out;
    }
    Array array = c.createArrayOf("text", partitions.toArray(new String[0]));
    try (PreparedStatement s = c.prepareStatement("SELECT u.p, CASE WHEN u.p = '' THEN '' ELSE '~' || "
        + "aurora_ledger_keyed('partition', ARRAY[CAST(? AS text), CAST(? AS text), u.p]) END FROM unnest(CAST(? AS text[])) AS u(p)")) {
      s.setString(1, tenant);
      s.setString(2, dataset);
      s.setArray(3, array);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.put(r.getString(1), r.getString(2));
        }
      }
    } finally {
      array.free();
    }
    return out;
  }

  String run(Connection c, String tenant, String runOrRelease) throws SQLException {
    return "~" + mac(c, "run", tenant, runOrRelease);
  }

  /** The recorded form of an input identity (a digest of the input's files that never leaves the process in plain). */
  String identity(Connection c, String identity) throws SQLException {
    return "i" + mac(c, "input", identity);
  }

  private String mac(Connection c, String kind, String... parts) throws SQLException {
    if (inDatabase()) {
      Array array = c.createArrayOf("text", parts);
      try (PreparedStatement s = c.prepareStatement("SELECT aurora_ledger_keyed(?, ?)")) {
        s.setString(1, kind);
        s.setArray(2, array);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getString(1);
        }
      } finally {
        array.free();
      }
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(kind.getBytes(StandardCharsets.UTF_8));
      for (String part : parts) {
        mac.update((byte) 0);
        mac.update(part.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available", e);
    }
  }
}
