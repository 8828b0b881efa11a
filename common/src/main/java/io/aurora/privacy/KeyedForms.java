package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-way keyed forms (HMAC-SHA-256 with the ledger's own secret) of what the ledger must be able to
 * match without keeping it in plain: the identifiers of a forgotten tenant, and input identities. The
 * same identifiers always give the same form, so a forgotten dataset's spend still counts when it is
 * profiled again; a form starts with '~' or 'i', which no identifier can, so it never collides with
 * one. Anyone holding the secret can test a guessed identifier: the secret lives with the ledger and
 * is protected like it.
 */
final class KeyedForms {
  private final byte[] secret;

  KeyedForms(byte[] secret) {
    requireNonNull(secret, "secret is null");
    if (secret.length < 16) {
      throw new IllegalArgumentException("the ledger secret is too short");
    }
    this.secret = secret.clone();
  }

  String tenant(String tenant) {
    return "~" + mac("tenant", tenant);
  }

  String dataset(String tenant, String dataset) {
    return "~" + mac("dataset", tenant, dataset);
  }

  /** The whole-dataset partition key '' stays as it is: it names nothing. */
  String partition(String tenant, String dataset, String partition) {
    return partition.isEmpty() ? partition : "~" + mac("partition", tenant, dataset, partition);
  }

  String run(String tenant, String runOrRelease) {
    return "~" + mac("run", tenant, runOrRelease);
  }

  /** The recorded form of an input identity (a digest of the input's files that never leaves the process in plain). */
  String identity(String identity) {
    return "i" + mac("input", identity);
  }

  private String mac(String kind, String... parts) {
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
