package io.aurora.profile;

import io.aurora.AuroraException;
import io.aurora.privacy.Debit;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.PrivacyLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Test ledger in memory: records debits in order, re-uses release ids, refuses beyond the budget. */
final class RecordingLedger implements PrivacyLedger {
  final List<LedgerEntry> entries = new ArrayList<>();
  /** The input signature recorded with each release id (null: none). */
  final Map<String, String> signatures = new HashMap<>();

  @Override
  public synchronized Debit debit(LedgerKey key, String releaseId, double epsilon, double delta, double budget, String mechanisms,
      String inputSignature) {
    for (LedgerEntry e : entries) {
      if (e.releaseId().equals(releaseId) && e.tenant().equals(key.tenant()) && e.dataset().equals(key.dataset())) {
        double spent = spent(key);
        return new Debit(releaseId, true, 0, 0, spent, budget - spent);
      }
    }
    double spent = spent(key);
    if (spent + epsilon > budget + 1e-12) {
      throw AuroraException.budgetExhausted("privacy budget of dataset " + key.dataset() + " exhausted: spent " + spent
          + ", requested " + epsilon + ", remaining " + (budget - spent));
    }
    entries.add(new LedgerEntry(key.tenant(), key.dataset(), key.partition(), releaseId, epsilon, delta, mechanisms, Instant.now()));
    signatures.put(releaseId, inputSignature);
    return new Debit(releaseId, false, epsilon, delta, spent + epsilon, budget - spent - epsilon);
  }

  @Override
  public synchronized double spent(LedgerKey key) {
    return entries.stream()
        .filter(e -> e.tenant().equals(key.tenant()) && e.dataset().equals(key.dataset())
            && Objects.equals(e.partition(), key.partition()))
        .mapToDouble(LedgerEntry::epsilon).sum();
  }

  @Override
  public synchronized boolean mayHaveReleased(LedgerKey key, String inputSignature) {
    return entries.stream()
        .anyMatch(e -> e.tenant().equals(key.tenant()) && e.dataset().equals(key.dataset())
            && Objects.equals(e.partition(), key.partition()) && inputSignature.equals(signatures.get(e.releaseId())));
  }

  @Override
  public synchronized List<LedgerEntry> entries(String tenant) {
    return entries.stream().filter(e -> e.tenant().equals(tenant)).toList();
  }

  @Override
  public void close() {}
}
