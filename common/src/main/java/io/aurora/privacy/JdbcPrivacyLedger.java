package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.aurora.config.PostgresSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.flywaydb.core.Flyway;

/**
 * The privacy ledger on a JDBC database — PostgreSQL in production, the embedded H2 file under the
 * warehouse by default ({@link EmbeddedLedgerDatabase}) — with its schema versioned by Flyway
 * ({@code classpath:db/ledger} and {@link RhoBackfill}, history table {@value #HISTORY_TABLE}, so other
 * components can keep their own migrations in the same database).
 *
 * <p><b>Accounting in ρ.</b> Every release records its (ε, δ) and its ρ (zCDP; ε²/2 for pure ε);
 * releases compose by adding ρ, and a dataset's lifetime (ε, δ) budget is converted to ρ once, when
 * the ledger first sees the dataset ({@code privacy_dataset}); only {@link #setBudget} changes it, and
 * every change is recorded.
 *
 * <p><b>Key selection.</b> A release that selects keys by a noisy threshold also spends a δ outright
 * ((ρ, δ_sel)-approximate zCDP), recorded beside its ρ and added up per budget row like ρ. With D the
 * selection δ of the key's rows including the new release's, a debit is refused when D reaches half
 * the lifetime δ (a cap, so that key selection can never eat the δ that ρ's conversion needs), and
 * otherwise needs the ρ spent after it within largestRhoWithin(ε, δ − D): the lifetime (ε, δ) holds
 * because approximate zCDP composes by adding ρ's and adding δ's. With D = 0 the budget is the
 * recorded ρ, as before.
 *
 * <p><b>Partitions.</b> Releases under a partition key touch only that partition's rows; releases
 * under the whole-dataset key (partition null) touch every row. A row of partition p has therefore
 * lost W + P(p), W being the whole-dataset spend and P(p) the partition's: a partition debit needs
 * W + P(p) + ρ ≤ budget and a whole-dataset debit needs W + max over p of P(p) + ρ ≤ budget. Selection
 * δ is aggregated the same way (its maximum over partitions taken apart from ρ's, which can only
 * overstate what a row lost).
 *
 * <p><b>Concurrency.</b> A debit is one transaction that first locks the tenant's row
 * ({@code SELECT ... FOR UPDATE}), then the dataset's budget rows and the input's identity row: all
 * debits of a tenant are serialised, so two runs — also on two clusters — can never both spend the
 * last of a budget or both pass the tenant's quota, and the fixed lock order rules out deadlocks.
 * Serialisation failures and deadlocks are retried; a lock held longer than the lock timeout fails
 * with exit 4 in bounded time.
 *
 * <p><b>Tenant roles.</b> On PostgreSQL with row-level security (conf/postgres/tenant-isolation.sql) a
 * job may connect as a tenant's role, which sees only its tenant's rows and may not read the ledger's
 * secret: the database then computes the keyed forms for it and locks input identities
 * ({@link KeyedForms#inDatabase()}); everything else runs the same statements as for the owner.
 *
 * <p><b>Fail closed.</b> Any database failure is an exit-4 {@link AuroraException}: no release
 * happens without its debit. The connection password is never logged or put in a message.
 */
public final class JdbcPrivacyLedger implements PrivacyLedger {
  /** Flyway history table of the ledger's own migrations. */
  public static final String HISTORY_TABLE = "flyway_ledger_history";
  /** Release states. */
  public static final String DEBITED = "debited";
  public static final String COMMITTED = "committed";
  public static final String VOIDED = "voided";

  private static final Logger LOG = LogManager.getLogger(JdbcPrivacyLedger.class);
  private static final String WHOLE_DATASET = "";
  private static final int ATTEMPTS = 5;
  private static final int EPSILON_DECIMALS = 12;
  private static final int DELTA_DECIMALS = 18;
  private static final int RHO_DECIMALS = 30;
  /** Selection δ's are tiny (1e-12 and below): recorded at the scale of ρ, so 1e-12 is recorded exactly. */
  private static final int SELECTION_DELTA_DECIMALS = 30;
  /**
   * A release fits when the ρ spent after it is at most the budget's ρ times (1 + this): the budget's
   * ρ is the largest that converts to its ε less a relative 10⁻¹² ({@link PrivacyCost#largestRhoWithin}),
   * so this only absorbs the rounding of the recorded amounts (a run of the whole budget fits) and
   * never lets the spend convert to more than the budget's ε.
   */
  private static final BigDecimal BUDGET_ROUNDING = new BigDecimal("1.000000000001");
  private static final int MECHANISMS_MAX = 1000;
  private static final Duration QUOTA_WINDOW = Duration.ofHours(1);

  private final LedgerDatabase database;
  private final LedgerPolicy policy;
  private final KeyedForms keyed;

  private JdbcPrivacyLedger(LedgerDatabase database, LedgerPolicy policy, KeyedForms keyed) {
    this.database = requireNonNull(database, "database is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.keyed = requireNonNull(keyed, "keyed is null");
  }

  /**
   * The ledger on PostgreSQL ({@code schema} nullable: the connection's default), applying pending
   * migrations. Exit 4 when the database cannot be reached or migrated.
   */
  public static JdbcPrivacyLedger postgres(PostgresSettings settings, String schema, int poolSize, LedgerPolicy policy) {
    return open(PostgresLedgerDatabase.open(settings, schema, poolSize), policy);
  }

  /**
   * The embedded ledger in {@code folder} (which must exist), applying pending migrations unless
   * {@code readOnly}; a call waits up to {@code lockTimeout} while another process has the file.
   */
  public static JdbcPrivacyLedger embedded(Path folder, boolean readOnly, Duration lockTimeout, LedgerPolicy policy) {
    return open(new EmbeddedLedgerDatabase(folder, readOnly, lockTimeout), policy);
  }

  static JdbcPrivacyLedger open(LedgerDatabase database, LedgerPolicy policy) {
    try {
      if (!database.readOnly()) {
        int applied = database.migrate(dataSource -> {
          var flyway = Flyway.configure()
              .dataSource(dataSource)
              .table(HISTORY_TABLE)
              .locations("classpath:db/ledger")
              .javaMigrations(new RhoBackfill())
              // another component may already have migrated its own tables into this schema
              .baselineOnMigrate(true)
              .baselineVersion("0");
          if (database.schema() != null) {
            flyway = flyway.schemas(database.schema()).defaultSchema(database.schema()).createSchemas(true);
          }
          return flyway.load().migrate().migrationsExecuted;
        });
        LOG.info("privacy ledger at {}: {} migration(s) applied", database.where(), applied);
      }
      KeyedForms keyed = database.call(!database.readOnly(), c -> keyedForms(c, !database.readOnly(), database.where()));
      return new JdbcPrivacyLedger(database, policy, keyed);
    } catch (AuroraException e) {
      database.close();
      throw e;
    } catch (SQLException | RuntimeException e) {
      database.close();
      // no cause attached: Flyway's and the drivers' messages may quote the JDBC URL
      throw AuroraException.serviceUnavailable("privacy ledger unreachable at " + database.where() + " or its schema could not be migrated ("
          + reason(e) + "): refusing to release anything without recording it", null);
    }
  }

  @Override
  public Debit debit(Release release) {
    requireNonNull(release, "release is null");
    String mechanisms = release.mechanisms().length() > MECHANISMS_MAX ? release.mechanisms().substring(0, MECHANISMS_MAX) : release.mechanisms();
    return withRetries("failed to record the release", "nothing was released", true, c -> debitOnce(c, release, mechanisms));
  }

  private Debit debitOnce(Connection c, Release release, String mechanisms) throws SQLException {
    LedgerKey key = release.key();
    Names n = names(c, key);
    // rows every debit locks, each created once (in autocommit: a concurrent creator's duplicate is harmless)
    ensure(c, "privacy_tenant", "tenant", n.tenant());
    ensureDataset(c, n);
    ensureBudgetRow(c, n.tenant(), n.dataset(), WHOLE_DATASET);
    if (!n.partition().equals(WHOLE_DATASET)) {
      ensureBudgetRow(c, n.tenant(), n.dataset(), n.partition());
    }
    String identity = release.inputIdentity() == null ? null : keyed.identity(c, release.inputIdentity());
    if (identity != null && !keyed.inDatabase()) {
      ensure(c, "privacy_input", "input_identity", identity);
    }
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    try {
      // lock order: tenant, then the dataset's budget rows, then the input's identity
      lockTenant(c, n.tenant());
      OffsetDateTime now = now(c);
      RecordedBudget budget = recordedBudget(c, n).orElseThrow(() -> new SQLException("dataset budget row vanished while debiting", "40001"));
      List<BudgetRow> rows = budgetRows(c, n, true);
      Map<String, String> forgotten = forgottenPartitions(c, rows, n);
      if (releaseRecorded(c, n, release.releaseId())) {
        c.commit();
        return new Debit(release.releaseId(), true, 0, 0, 0, 0, spend(rows, n, budget, forgotten), false);
      }
      boolean forced = false;
      if (identity != null) {
        lockInput(c, identity);
        List<String> others = conflictingKeys(c, identity, n);
        if (!others.isEmpty() && !release.forceNewKey()) {
          c.rollback();
          throw AuroraException.badInput("this input was already profiled under " + others.get(0) + "; profiling the same rows under "
              + describe(key) + " would give them a second privacy budget. Profile it under that key, or pass --force-new-dataset "
              + "to do it anyway (recorded in the ledger)");
        }
        forced = !others.isEmpty();
      }
      if (policy.profileRunsPerHour() > 0) {
        checkQuota(c, n.tenant(), now);
      }
      BigDecimal rho = rhoAmount(release.rho());
      BigDecimal eps = amount(release.epsilon(), EPSILON_DECIMALS);
      BigDecimal del = amount(release.delta(), DELTA_DECIMALS);
      BigDecimal sel = selectionAmount(release.selectionDelta());
      BigDecimal spent = spentOf(rows, n, forgotten, BudgetRow::rhoSpent);
      BigDecimal selectionSpent = spentOf(rows, n, forgotten, BudgetRow::selectionDeltaSpent);
      BigDecimal selectionAfter = selectionSpent.add(sel);
      LifetimeBudget lifetime = budget.lifetime();
      if (selectionCapReached(lifetime, selectionAfter)) {
        c.rollback();
        throw AuroraException.budgetExhausted(String.format(Locale.ROOT,
            "privacy budget exhausted for %s: key selections have spent delta %s of the lifetime delta %s and this run's key selection "
                + "needs delta %s, %s in all; at most half of the lifetime delta may go to key selection, the rest is kept for converting "
                + "rho to epsilon (each new --partition has its own budget; re-using an existing release costs nothing; "
                + "the budget changes only with 'aurora privacy-budget')",
            describe(key), sci(selectionSpent), lifetime.delta(), sci(sel), sci(selectionAfter)));
      }
      BigDecimal rhoBudget = rhoBudget(budget, selectionAfter);
      BigDecimal after = spent.add(rho);
      if (after.compareTo(rhoBudget.multiply(BUDGET_ROUNDING)) > 0) {
        c.rollback();
        String selection = selectionAfter.signum() == 0 ? ""
            : String.format(Locale.ROOT, "; key selections have spent delta %s and this run's %s of the lifetime delta %s, which leaves "
                + "rho %s of the budget's %s (rho converts at what remains of delta)",
                sci(selectionSpent), sci(sel), lifetime.delta(), plain(rhoBudget), plain(budget.rho()));
        throw AuroraException.budgetExhausted(String.format(Locale.ROOT,
            "privacy budget exhausted for %s: spent rho %s of %s (epsilon %.4g of %s at delta %s), this run needs rho %s "
                + "(epsilon %s), remaining rho %s%s (each new --partition has its own budget; re-using an existing release costs nothing; "
                + "the budget changes only with 'aurora privacy-budget')",
            describe(key), plain(spent), plain(rhoBudget), lifetime.epsilonOf(spent.doubleValue(), selectionSpent.doubleValue()),
            plain(lifetime.epsilon()), lifetime.delta(), plain(rho), plain(eps), plain(rhoBudget.subtract(spent).max(BigDecimal.ZERO)),
            selection));
      }
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO privacy_release (tenant, dataset, partition_key, release_id, run_id, epsilon, delta, rho, mechanisms, released_at, "
              + "input_signature, signature_recorded, input_identity, forced_new_key, status, status_at, selection_delta) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?, ?)")) {
        insert.setString(1, n.tenant());
        insert.setString(2, n.dataset());
        insert.setString(3, n.partition());
        insert.setString(4, release.releaseId());
        insert.setString(5, release.runId());
        insert.setBigDecimal(6, eps);
        insert.setBigDecimal(7, del);
        insert.setBigDecimal(8, rho);
        insert.setString(9, mechanisms);
        insert.setObject(10, now);
        insert.setString(11, release.inputSignature());
        insert.setString(12, identity);
        insert.setBoolean(13, forced);
        insert.setString(14, DEBITED);
        insert.setObject(15, now);
        insert.setBigDecimal(16, sel);
        insert.executeUpdate();
      }
      adjustBudgetRow(c, n.tenant(), n.dataset(), n.partition(), eps, del, rho, sel, 1);
      c.commit();
      List<BudgetRow> updated = new ArrayList<>();
      for (BudgetRow row : rows) {
        updated.add(row.tenant().equals(n.tenant()) && row.dataset().equals(n.dataset()) && row.partition().equals(n.partition())
            ? new BudgetRow(row.tenant(), row.dataset(), row.partition(), row.epsilonSpent().add(eps), row.rhoSpent().add(rho),
                row.selectionDeltaSpent().add(sel), row.releases() + 1)
            : row);
      }
      return new Debit(release.releaseId(), false, eps.doubleValue(), del.doubleValue(), sel.doubleValue(), rho.doubleValue(),
          spend(updated, n, budget, forgotten), forced);
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  @Override
  public void voidRelease(LedgerKey key, String releaseId) {
    requireNonNull(key, "key is null");
    Identifiers.require("release id", releaseId);
    withRetries("failed to void a release", "its cost stays charged", true, c -> {
      Names n = names(c, key);
      c.setAutoCommit(false);
      try {
        lockTenant(c, n.tenant());
        String status;
        BigDecimal eps;
        BigDecimal del;
        BigDecimal rho;
        BigDecimal sel;
        try (PreparedStatement s = c.prepareStatement("SELECT status, epsilon, delta, rho, selection_delta FROM privacy_release "
            + "WHERE tenant = ? AND dataset = ? AND partition_key = ? AND release_id = ? FOR UPDATE")) {
          bindKey(s, n.tenant(), n.dataset(), n.partition());
          s.setString(4, releaseId);
          try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
              c.commit();
              return null; // never recorded (or forgotten since): nothing to give back
            }
            status = r.getString(1);
            eps = r.getBigDecimal(2);
            del = r.getBigDecimal(3);
            rho = r.getBigDecimal(4);
            sel = r.getBigDecimal(5);
          }
        }
        if (status.equals(VOIDED)) {
          c.commit();
          return null;
        }
        if (status.equals(COMMITTED)) {
          c.rollback();
          throw new IllegalStateException("release " + releaseId + " is committed: a published release cannot be voided");
        }
        budgetRows(c, n, true);
        adjustBudgetRow(c, n.tenant(), n.dataset(), n.partition(), eps.negate(), del.negate(), rho.negate(), sel.negate(), -1);
        setStatus(c, n, releaseId, VOIDED);
        c.commit();
        LOG.info("privacy ledger: release {} voided (its scan failed before any noise was drawn), rho {} and selection delta {} given back",
            releaseId, plain(rho), sci(sel));
        return null;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    });
  }

  @Override
  public void markCommitted(LedgerKey key, String releaseId) {
    requireNonNull(key, "key is null");
    Identifiers.require("release id", releaseId);
    withRetries("failed to mark a release committed", "the release stays recorded as debited", true, c -> {
      setStatus(c, names(c, key), releaseId, COMMITTED);
      return null;
    });
  }

  @Override
  public boolean mayHaveReleased(LedgerKey key, String inputSignature) {
    requireNonNull(key, "key is null");
    requireNonNull(inputSignature, "inputSignature is null");
    return withRetries("is unreachable", "nothing was released", false, c -> {
      Names n = names(c, key);
      try (PreparedStatement s = c.prepareStatement(
          "SELECT 1 FROM privacy_release WHERE tenant = ? AND dataset = ? AND partition_key = ? AND status <> '" + VOIDED + "' "
              + "AND (input_signature = ? OR signature_recorded = FALSE) FETCH FIRST 1 ROWS ONLY")) {
        bindKey(s, n.tenant(), n.dataset(), n.partition());
        s.setString(4, inputSignature);
        try (ResultSet r = s.executeQuery()) {
          return r.next();
        }
      }
    });
  }

  @Override
  public Spend spent(LedgerKey key) {
    requireNonNull(key, "key is null");
    return withRetries("is unreachable", "nothing was released", false, c -> {
      Names n = names(c, key);
      RecordedBudget budget = recordedBudget(c, n).orElseGet(() -> RecordedBudget.of(policy.initialBudget()));
      List<BudgetRow> rows = budgetRows(c, n, false);
      return spend(rows, n, budget, forgottenPartitions(c, rows, n));
    });
  }

  @Override
  public Optional<LifetimeBudget> budget(String tenant, String dataset) {
    LedgerKey key = new LedgerKey(tenant, dataset, null);
    return withRetries("is unreachable", "nothing was changed", false, c -> recordedBudget(c, names(c, key)).map(RecordedBudget::lifetime));
  }

  @Override
  public BudgetChange setBudget(String tenant, String dataset, LifetimeBudget budget) {
    requireNonNull(budget, "budget is null");
    LedgerKey key = new LedgerKey(tenant, dataset, null);
    return withRetries("failed to record the budget change", "the budget is unchanged", true, c -> {
      Names n = names(c, key);
      ensure(c, "privacy_tenant", "tenant", n.tenant());
      c.setAutoCommit(false);
      try {
        lockTenant(c, n.tenant());
        OffsetDateTime now = now(c);
        Optional<RecordedBudget> before = recordedBudget(c, n);
        boolean plainRow = before.isPresent() && existsDataset(c, n.tenant(), n.dataset());
        BigDecimal rho = budgetRho(budget);
        if (plainRow) {
          try (PreparedStatement s = c.prepareStatement(
              "UPDATE privacy_dataset SET budget_epsilon = ?, budget_delta = ?, budget_rho = ?, set_at = ? WHERE tenant = ? AND dataset = ?")) {
            s.setDouble(1, budget.epsilon());
            s.setDouble(2, budget.delta());
            s.setBigDecimal(3, rho);
            s.setObject(4, now);
            s.setString(5, n.tenant());
            s.setString(6, n.dataset());
            s.executeUpdate();
          }
        } else {
          insertDataset(c, n.tenant(), n.dataset(), budget, rho, now);
        }
        BudgetChange change = new BudgetChange(tenant, dataset, now.toInstant(), before.map(RecordedBudget::lifetime).orElse(null), budget,
            BudgetChange.COMMAND);
        insertChange(c, n.tenant(), n.dataset(), change, rho);
        c.commit();
        return change;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    });
  }

  @Override
  public List<BudgetChange> budgetChanges(String tenant, String dataset) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("dataset", dataset);
    return withRetries("is unreachable", "nothing was changed", false, c -> {
      List<BudgetChange> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT changed_at, old_epsilon, old_delta, new_epsilon, new_delta, changed_by "
          + "FROM privacy_budget_change WHERE tenant = ? AND dataset = ? ORDER BY changed_at, change_id")) {
        s.setString(1, tenant);
        s.setString(2, dataset);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            double oldEpsilon = r.getDouble(2);
            LifetimeBudget from = r.wasNull() ? null : new LifetimeBudget(oldEpsilon, r.getDouble(3));
            out.add(new BudgetChange(tenant, dataset, r.getObject(1, OffsetDateTime.class).toInstant(), from,
                new LifetimeBudget(r.getDouble(4), r.getDouble(5)), r.getString(6)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public List<LedgerEntry> entries(String tenant) {
    Identifiers.require("tenant", tenant);
    return withRetries("is unreachable", "nothing was released", false, c -> {
      List<LedgerEntry> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT dataset, partition_key, release_id, run_id, epsilon, delta, rho, selection_delta, mechanisms, released_at, status "
              + "FROM privacy_release "
              + "WHERE tenant = ? ORDER BY released_at, dataset, partition_key, release_id")) {
        s.setString(1, tenant);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            String partition = r.getString(2);
            out.add(new LedgerEntry(tenant, r.getString(1), partition.isEmpty() ? null : partition, r.getString(3), r.getString(4),
                r.getBigDecimal(5).doubleValue(), r.getBigDecimal(6).doubleValue(), r.getBigDecimal(7).doubleValue(),
                r.getBigDecimal(8).doubleValue(), r.getString(9), r.getObject(10, OffsetDateTime.class).toInstant(), r.getString(11)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public int forget(String tenant, String dataset) {
    Identifiers.require("tenant", tenant);
    if (dataset != null) {
      Identifiers.require("dataset", dataset);
    }
    return withRetries("failed to forget", "nothing was forgotten", true, c -> {
      c.setAutoCommit(false);
      try {
        lockRow(c, "SELECT tenant FROM privacy_tenant WHERE tenant = ? FOR UPDATE", tenant);
        String scope = " WHERE tenant = ?" + (dataset == null ? "" : " AND dataset = ?");
        String keyedTenant = keyed.tenant(c, tenant);
        int releases = 0;
        // releases: amounts kept, every identifier keyed
        List<String[]> rows = select(c, "SELECT dataset, partition_key, release_id, run_id FROM privacy_release" + scope, tenant, dataset, 4);
        try (PreparedStatement u = c.prepareStatement("UPDATE privacy_release SET tenant = ?, dataset = ?, partition_key = ?, release_id = ?, "
            + "run_id = ? WHERE tenant = ? AND dataset = ? AND partition_key = ? AND release_id = ?")) {
          for (String[] r : rows) {
            u.setString(1, keyedTenant);
            u.setString(2, keyed.dataset(c, tenant, r[0]));
            u.setString(3, keyed.partition(c, tenant, r[0], r[1]));
            u.setString(4, keyed.run(c, tenant, r[2]));
            u.setString(5, r[3] == null ? null : keyed.run(c, tenant, r[3]));
            u.setString(6, tenant);
            u.setString(7, r[0]);
            u.setString(8, r[1]);
            u.setString(9, r[2]);
            releases += u.executeUpdate();
          }
        }
        // budget rows: moved to the keyed key, added to a keyed row left by an earlier forget
        for (String[] r : select(c, "SELECT dataset, partition_key FROM privacy_budget" + scope, tenant, dataset, 2)) {
          String kd = keyed.dataset(c, tenant, r[0]);
          String kp = keyed.partition(c, tenant, r[0], r[1]);
          boolean merge;
          try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM privacy_budget WHERE tenant = ? AND dataset = ? AND partition_key = ?")) {
            bindKey(s, keyedTenant, kd, kp);
            try (ResultSet rs = s.executeQuery()) {
              merge = rs.next();
            }
          }
          if (merge) {
            BigDecimal[] plainAmounts = new BigDecimal[5];
            try (PreparedStatement s = c.prepareStatement("SELECT epsilon_spent, delta_spent, rho_spent, selection_delta_spent, releases "
                + "FROM privacy_budget WHERE tenant = ? AND dataset = ? AND partition_key = ?")) {
              bindKey(s, tenant, r[0], r[1]);
              try (ResultSet rs = s.executeQuery()) {
                rs.next();
                for (int i = 0; i < plainAmounts.length; i++) {
                  plainAmounts[i] = rs.getBigDecimal(i + 1);
                }
              }
            }
            adjustBudgetRow(c, keyedTenant, kd, kp, plainAmounts[0], plainAmounts[1], plainAmounts[2], plainAmounts[3],
                plainAmounts[4].intValue());
            execute(c, "DELETE FROM privacy_budget WHERE tenant = ? AND dataset = ? AND partition_key = ?", tenant, r[0], r[1]);
          } else {
            execute(c, "UPDATE privacy_budget SET tenant = ?, dataset = ?, partition_key = ? WHERE tenant = ? AND dataset = ? AND partition_key = ?",
                keyedTenant, kd, kp, tenant, r[0], r[1]);
          }
        }
        // lifetime budgets and their history
        for (String[] r : select(c, "SELECT dataset FROM privacy_dataset" + scope, tenant, dataset, 1)) {
          String kd = keyed.dataset(c, tenant, r[0]);
          if (existsDataset(c, keyedTenant, kd)) {
            execute(c, "DELETE FROM privacy_dataset WHERE tenant = ? AND dataset = ?", keyedTenant, kd);
          }
          execute(c, "UPDATE privacy_dataset SET tenant = ?, dataset = ? WHERE tenant = ? AND dataset = ?", keyedTenant, kd, tenant, r[0]);
        }
        for (String[] r : select(c, "SELECT DISTINCT dataset FROM privacy_budget_change" + scope, tenant, dataset, 1)) {
          execute(c, "UPDATE privacy_budget_change SET tenant = ?, dataset = ? WHERE tenant = ? AND dataset = ?",
              keyedTenant, keyed.dataset(c, tenant, r[0]), tenant, r[0]);
        }
        if (dataset == null) {
          execute(c, "DELETE FROM privacy_tenant WHERE tenant = ?", tenant);
        }
        c.commit();
        LOG.info("privacy ledger: {} release(s) of a tenant forgotten (amounts kept under one-way keyed identifiers)", releases);
        return releases;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    });
  }

  @Override
  public void close() {
    database.close();
  }

  // ------------------------------------------------------------------ budget arithmetic

  /** The plain identifiers of a key and their keyed forms (rows of a forgotten tenant carry those). */
  private record Names(String tenant, String dataset, String partition, String keyedTenant, String keyedDataset, String keyedPartition) {}

  private Names names(Connection c, LedgerKey key) throws SQLException {
    String partition = partitionOf(key);
    return new Names(key.tenant(), key.dataset(), partition, keyed.tenant(c, key.tenant()), keyed.dataset(c, key.tenant(), key.dataset()),
        keyed.partition(c, key.tenant(), key.dataset(), partition));
  }

  /**
   * The keyed forms of the plain partitions among {@code rows}, whose forgotten spend a whole-dataset
   * key adds to theirs: computed apart, in one round trip when the database keys them, so that
   * {@link #spentOf} stays arithmetic.
   */
  private Map<String, String> forgottenPartitions(Connection c, List<BudgetRow> rows, Names n) throws SQLException {
    if (!n.partition().equals(WHOLE_DATASET)) {
      return Map.of();
    }
    List<String> plain = new ArrayList<>();
    for (BudgetRow row : rows) {
      if (row.tenant().equals(n.tenant()) && !row.partition().equals(WHOLE_DATASET)) {
        plain.add(row.partition());
      }
    }
    return keyed.partitions(c, n.tenant(), n.dataset(), plain);
  }

  private record BudgetRow(String tenant, String dataset, String partition, BigDecimal epsilonSpent, BigDecimal rhoSpent,
      BigDecimal selectionDeltaSpent, int releases) {}

  /** A dataset's recorded lifetime budget and its ρ, as stored (rounded down). */
  private record RecordedBudget(LifetimeBudget lifetime, BigDecimal rho) {
    static RecordedBudget of(LifetimeBudget lifetime) {
      return new RecordedBudget(lifetime, budgetRho(lifetime));
    }
  }

  /** Every budget row of the key's dataset, plain and keyed, in a fixed order; locked when {@code lock}. */
  private static List<BudgetRow> budgetRows(Connection c, Names n, boolean lock) throws SQLException {
    List<BudgetRow> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT tenant, dataset, partition_key, epsilon_spent, rho_spent, selection_delta_spent, "
        + "releases FROM privacy_budget WHERE (tenant = ? AND dataset = ?) OR (tenant = ? AND dataset = ?) "
        + "ORDER BY tenant, dataset, partition_key" + (lock ? " FOR UPDATE" : ""))) {
      s.setString(1, n.tenant());
      s.setString(2, n.dataset());
      s.setString(3, n.keyedTenant());
      s.setString(4, n.keyedDataset());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(new BudgetRow(r.getString(1), r.getString(2), r.getString(3), r.getBigDecimal(4), r.getBigDecimal(5), r.getBigDecimal(6),
              r.getInt(7)));
        }
      }
    }
    return rows;
  }

  /**
   * The {@code amount} (ρ, or selection δ) spent by the rows of the key: whole-dataset spend plus the
   * partition's (or the most any partition has spent, for the whole dataset). A plain partition and
   * its keyed form (left by a forget) are the same rows: their spend adds up.
   */
  private static BigDecimal spentOf(List<BudgetRow> rows, Names n, Map<String, String> keyedPlainPartitions,
      Function<BudgetRow, BigDecimal> amount) {
    BigDecimal whole = BigDecimal.ZERO;
    Map<String, BigDecimal> keyedPartitions = new HashMap<>();
    Map<String, BigDecimal> plainPartitions = new HashMap<>();
    for (BudgetRow row : rows) {
      if (row.partition().equals(WHOLE_DATASET)) {
        whole = whole.add(amount.apply(row));
      } else if (row.tenant().equals(n.tenant())) {
        plainPartitions.put(row.partition(), amount.apply(row));
      } else {
        keyedPartitions.put(row.partition(), amount.apply(row));
      }
    }
    if (!n.partition().equals(WHOLE_DATASET)) {
      return whole.add(plainPartitions.getOrDefault(n.partition(), BigDecimal.ZERO))
          .add(keyedPartitions.getOrDefault(n.keyedPartition(), BigDecimal.ZERO));
    }
    BigDecimal most = BigDecimal.ZERO;
    for (Map.Entry<String, BigDecimal> e : plainPartitions.entrySet()) {
      BigDecimal forgotten = keyedPartitions.remove(keyedPlainPartitions.get(e.getKey()));
      most = most.max(forgotten == null ? e.getValue() : e.getValue().add(forgotten));
    }
    for (BigDecimal v : keyedPartitions.values()) {
      most = most.max(v);
    }
    return whole.add(most);
  }

  private static Spend spend(List<BudgetRow> rows, Names n, RecordedBudget budget, Map<String, String> keyedPlainPartitions) {
    BigDecimal spent = spentOf(rows, n, keyedPlainPartitions, BudgetRow::rhoSpent);
    BigDecimal selectionSpent = spentOf(rows, n, keyedPlainPartitions, BudgetRow::selectionDeltaSpent);
    BigDecimal recorded = BigDecimal.ZERO;
    int releases = 0;
    for (BudgetRow row : rows) {
      boolean own = row.tenant().equals(n.tenant()) ? row.partition().equals(n.partition()) : row.partition().equals(n.keyedPartition());
      if (own) {
        recorded = recorded.add(row.epsilonSpent());
        releases += row.releases();
      }
    }
    BigDecimal rhoBudget = selectionCapReached(budget.lifetime(), selectionSpent) ? BigDecimal.ZERO : rhoBudget(budget, selectionSpent);
    return new Spend(spent.doubleValue(), selectionSpent.doubleValue(), rhoBudget.doubleValue(), budget.lifetime(), recorded.doubleValue(),
        releases);
  }

  /**
   * Whether selection δ {@code selectionDelta} (spent, with a new release's) reaches the cap of half
   * the lifetime δ: the other half is kept for converting ρ, so that key selections cannot leave the
   * budget's ε with next to no δ to hold at.
   */
  private static boolean selectionCapReached(LifetimeBudget lifetime, BigDecimal selectionDelta) {
    return selectionDelta.signum() > 0 && selectionDelta.add(selectionDelta).compareTo(lifetime.deltaDecimal()) >= 0;
  }

  /**
   * The ρ the budget admits once key selections spent {@code selectionDelta} (below the cap): the
   * recorded budget ρ when none, else the largest ρ within (ε, δ − selectionDelta), rounded down and
   * never above the recorded one (approximate zCDP: the δ's add up, ρ converts at what remains).
   */
  private static BigDecimal rhoBudget(RecordedBudget budget, BigDecimal selectionDelta) {
    if (selectionDelta.signum() == 0) {
      return budget.rho();
    }
    return new BigDecimal(budget.lifetime().rho(selectionDelta)).setScale(RHO_DECIMALS, RoundingMode.FLOOR).min(budget.rho());
  }

  // ------------------------------------------------------------------ statements

  private static Optional<RecordedBudget> recordedBudget(Connection c, Names n) throws SQLException {
    for (String[] key : new String[][] {{n.tenant(), n.dataset()}, {n.keyedTenant(), n.keyedDataset()}}) {
      try (PreparedStatement s = c.prepareStatement("SELECT budget_epsilon, budget_delta, budget_rho FROM privacy_dataset WHERE tenant = ? AND dataset = ?")) {
        s.setString(1, key[0]);
        s.setString(2, key[1]);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            return Optional.of(new RecordedBudget(new LifetimeBudget(r.getDouble(1), r.getDouble(2)), r.getBigDecimal(3)));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Records the configured initial budget of a dataset the ledger sees for the first time (its own small transaction). */
  private void ensureDataset(Connection c, Names n) throws SQLException {
    if (recordedBudget(c, n).isPresent()) {
      return;
    }
    LifetimeBudget initial = policy.initialBudget();
    BigDecimal rho = budgetRho(initial);
    c.setAutoCommit(false);
    try {
      OffsetDateTime now = now(c);
      insertDataset(c, n.tenant(), n.dataset(), initial, rho, now);
      insertChange(c, n.tenant(), n.dataset(), new BudgetChange(n.tenant(), n.dataset(), now.toInstant(), null, initial,
          BudgetChange.FIRST_RELEASE), rho);
      c.commit();
    } catch (SQLException e) {
      rollbackQuietly(c);
      // a concurrent first debit recorded it: that is exactly what we wanted
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void insertDataset(Connection c, String tenant, String dataset, LifetimeBudget budget, BigDecimal rho, OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO privacy_dataset (tenant, dataset, budget_epsilon, budget_delta, budget_rho, set_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, tenant);
      s.setString(2, dataset);
      s.setDouble(3, budget.epsilon());
      s.setDouble(4, budget.delta());
      s.setBigDecimal(5, rho);
      s.setObject(6, now);
      s.executeUpdate();
    }
  }

  private static void insertChange(Connection c, String tenant, String dataset, BudgetChange change, BigDecimal rho) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO privacy_budget_change (tenant, dataset, changed_at, old_epsilon, old_delta, "
        + "new_epsilon, new_delta, new_rho, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, tenant);
      s.setString(2, dataset);
      s.setObject(3, OffsetDateTime.ofInstant(change.at(), ZoneOffset.UTC));
      if (change.from() == null) {
        s.setNull(4, java.sql.Types.DOUBLE);
        s.setNull(5, java.sql.Types.DOUBLE);
      } else {
        s.setDouble(4, change.from().epsilon());
        s.setDouble(5, change.from().delta());
      }
      s.setDouble(6, change.to().epsilon());
      s.setDouble(7, change.to().delta());
      s.setBigDecimal(8, rho);
      s.setString(9, change.via());
      s.executeUpdate();
    }
  }

  private static boolean existsDataset(Connection c, String tenant, String dataset) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM privacy_dataset WHERE tenant = ? AND dataset = ?")) {
      s.setString(1, tenant);
      s.setString(2, dataset);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /**
   * The keys under which an input with this (keyed) identity was released and whose rows would get a
   * second budget from a release under {@code n}: another dataset, or another partition of the same one.
   */
  private static List<String> conflictingKeys(Connection c, String identity, Names n) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT tenant, dataset, partition_key FROM privacy_release "
        + "WHERE input_identity = ? AND status <> '" + VOIDED + "' ORDER BY tenant, dataset, partition_key")) {
      s.setString(1, identity);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String t = r.getString(1);
          String d = r.getString(2);
          String p = r.getString(3);
          boolean plain = t.equals(n.tenant()) && d.equals(n.dataset());
          boolean sameDataset = plain || (t.equals(n.keyedTenant()) && d.equals(n.keyedDataset()));
          if (!sameDataset) {
            out.add(t.equals(n.tenant()) ? "dataset '" + d + "'" + (p.isEmpty() ? "" : ", partition '" + p + "'") + " of this tenant"
                : "a dataset of another tenant (or a forgotten one)");
          } else if (!n.partition().equals(WHOLE_DATASET) && !p.equals(WHOLE_DATASET) && !p.equals(n.partition())
              && !p.equals(n.keyedPartition())) {
            out.add(plain ? "partition '" + p + "' of this dataset" : "another partition of this dataset");
          }
        }
      }
    }
    return out;
  }

  private void checkQuota(Connection c, String tenant, OffsetDateTime now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), MIN(released_at) FROM privacy_release WHERE tenant = ? AND released_at > ?")) {
      s.setString(1, tenant);
      s.setObject(2, now.minus(QUOTA_WINDOW));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long runs = r.getLong(1);
        if (runs >= policy.profileRunsPerHour()) {
          OffsetDateTime oldest = r.getObject(2, OffsetDateTime.class);
          long retryAfter = Math.max(1, (long) Math.ceil(Duration.between(now, oldest.plus(QUOTA_WINDOW)).toMillis() / 1000.0));
          c.rollback();
          throw AuroraException.quotaExceeded("tenant '" + tenant + "' has used its quota of " + policy.profileRunsPerHour()
              + " profile run(s) per hour (aurora.quota.profile-runs-per-hour): retry after " + retryAfter + " s");
        }
      }
    }
  }

  private static void ensure(Connection c, String table, String column, String value) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + table + " WHERE " + column + " = ?")) {
      s.setString(1, value);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return;
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (" + column + ") VALUES (?)")) {
      s.setString(1, value);
      s.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static void ensureBudgetRow(Connection c, String tenant, String dataset, String partition) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM privacy_budget WHERE tenant = ? AND dataset = ? AND partition_key = ?")) {
      bindKey(s, tenant, dataset, partition);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return;
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO privacy_budget (tenant, dataset, partition_key, epsilon_spent, delta_spent, "
        + "rho_spent, releases) VALUES (?, ?, ?, 0, 0, 0, 0)")) {
      bindKey(s, tenant, dataset, partition);
      s.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static void lockTenant(Connection c, String tenant) throws SQLException {
    if (!lockRow(c, "SELECT tenant FROM privacy_tenant WHERE tenant = ? FOR UPDATE", tenant)) {
      throw new SQLException("tenant row vanished while debiting", "40001");
    }
  }

  private static boolean lockRow(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, value);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static OffsetDateTime now(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getObject(1, OffsetDateTime.class);
    }
  }

  private static boolean releaseRecorded(Connection c, Names n, String releaseId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM privacy_release WHERE tenant = ? AND dataset = ? AND partition_key = ? AND release_id = ?")) {
      bindKey(s, n.tenant(), n.dataset(), n.partition());
      s.setString(4, releaseId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static void adjustBudgetRow(Connection c, String tenant, String dataset, String partition, BigDecimal eps, BigDecimal del,
      BigDecimal rho, BigDecimal selectionDelta, int releases) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE privacy_budget SET epsilon_spent = epsilon_spent + ?, delta_spent = delta_spent + ?, "
        + "rho_spent = rho_spent + ?, selection_delta_spent = selection_delta_spent + ?, releases = releases + ? "
        + "WHERE tenant = ? AND dataset = ? AND partition_key = ?")) {
      update.setBigDecimal(1, eps);
      update.setBigDecimal(2, del);
      update.setBigDecimal(3, rho);
      update.setBigDecimal(4, selectionDelta);
      update.setInt(5, releases);
      update.setString(6, tenant);
      update.setString(7, dataset);
      update.setString(8, partition);
      if (update.executeUpdate() != 1) {
        throw new SQLException("budget row vanished while debiting", "40001");
      }
    }
  }

  private static void setStatus(Connection c, Names n, String releaseId, String status) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE privacy_release SET status = ?, status_at = CURRENT_TIMESTAMP "
        + "WHERE tenant = ? AND dataset = ? AND partition_key = ? AND release_id = ? AND status = '" + DEBITED + "'")) {
      s.setString(1, status);
      s.setString(2, n.tenant());
      s.setString(3, n.dataset());
      s.setString(4, n.partition());
      s.setString(5, releaseId);
      s.executeUpdate();
    }
  }

  private static List<String[]> select(Connection c, String sql, String tenant, String dataset, int columns) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenant);
      if (dataset != null) {
        s.setString(2, dataset);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String[] row = new String[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = r.getString(i + 1);
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  private static void execute(Connection c, String sql, String... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setString(i + 1, values[i]);
      }
      s.executeUpdate();
    }
  }

  /**
   * The keyed forms: computed here with the ledger's secret when this role may read it (the owner, the
   * embedded database), else by the database's functions, which a tenant's role under row-level
   * security may call (conf/postgres/tenant-isolation.sql) while the secret stays unreadable to it.
   */
  private static KeyedForms keyedForms(Connection c, boolean create, String where) throws SQLException {
    try {
      return KeyedForms.withSecret(secret(c, create));
    } catch (SQLException e) {
      if (!"42501".equals(e.getSQLState())) {
        throw e;
      }
    }
    KeyedForms inDatabase = KeyedForms.fromDatabase();
    try {
      // fails now, not at the first debit, when the functions are missing or this role acts for no tenant
      inDatabase.identity(c, "0");
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("privacy ledger at " + where + ": this role may not read the ledger's secret and cannot "
          + "have identifiers keyed by the database (" + reason(e) + "); a tenant's role needs conf/postgres/tenant-isolation.sql "
          + "and aurora_grant_tenant (docs/security.md)", null);
    }
    return inDatabase;
  }

  /**
   * Locks the row of an input identity for the rest of the transaction: directly, or through
   * {@code aurora_ledger_lock_input} for a role that may not see the table (it holds every tenant's
   * identities), so that a concurrent owner's debit of the same input in another tenant waits for it.
   */
  private void lockInput(Connection c, String identity) throws SQLException {
    if (keyed.inDatabase()) {
      lockRow(c, "SELECT aurora_ledger_lock_input(?)", identity);
    } else {
      lockRow(c, "SELECT input_identity FROM privacy_input WHERE input_identity = ? FOR UPDATE", identity);
    }
  }

  private static byte[] secret(Connection c, boolean create) throws SQLException {
    for (int attempt = 0; attempt < 2; attempt++) {
      try (PreparedStatement s = c.prepareStatement("SELECT secret FROM privacy_ledger_secret WHERE id = 1");
          ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return HexFormat.of().parseHex(r.getString(1));
        }
      }
      if (!create) {
        // a read-only ledger that never made one holds nothing keyed: any secret matches nothing
        byte[] none = new byte[32];
        new SecureRandom().nextBytes(none);
        return none;
      }
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try (PreparedStatement s = c.prepareStatement("INSERT INTO privacy_ledger_secret (id, secret) VALUES (1, ?)")) {
        s.setString(1, HexFormat.of().formatHex(fresh));
        s.executeUpdate();
        return fresh;
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) {
          throw e;
        }
      }
    }
    throw new SQLException("the ledger secret could not be read", "40001");
  }

  private static void bindKey(PreparedStatement s, String tenant, String dataset, String partition) throws SQLException {
    s.setString(1, tenant);
    s.setString(2, dataset);
    s.setString(3, partition);
  }

  private static String partitionOf(LedgerKey key) {
    return key.partition() == null ? WHOLE_DATASET : key.partition();
  }

  // ------------------------------------------------------------------ retries and failures

  private <T> T withRetries(String failure, String consequence, boolean writes, LedgerDatabase.SqlWork<T> work) {
    SQLException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return database.call(writes, work);
      } catch (SQLException e) {
        last = e;
        if (!retryable(e)) {
          break;
        }
        LOG.info("privacy ledger call retried after SQL state {} (attempt {})", e.getSQLState(), attempt);
        try {
          Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    String state = state(last);
    String why = "55P03".equals(state) ? "a lock on its rows was held by another run for longer than the lock timeout"
        : "57014".equals(state) ? "a statement ran longer than the statement timeout" : reason(last);
    throw AuroraException.serviceUnavailable("privacy ledger at " + database.where() + " " + failure + " (" + why + "): " + consequence, last);
  }

  private static boolean retryable(SQLException e) {
    String state = state(e);
    // 40001 serialization failure, 40P01 deadlock (PostgreSQL), 23505 a duplicate from a concurrent first insert
    return state != null && (state.equals("40001") || state.equals("40P01") || state.equals("23505"));
  }

  private static String state(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the transaction dies with it
    }
  }

  /** A short cause for a message: the exception type and SQL state, never its text (it may echo credentials). */
  static String reason(Throwable e) {
    if (e == null) {
      return "unknown failure";
    }
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      root = t;
    }
    String state = state(e);
    return root.getClass().getSimpleName() + (state == null ? "" : ", SQL state " + state);
  }

  // ------------------------------------------------------------------ amounts

  /**
   * The amount recorded: the shortest decimal that reads back as {@code value} (so 0.1 is 0.1),
   * rounded UP at {@code decimals} places so that the ledger never records less than was spent.
   */
  static BigDecimal amount(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.CEILING);
  }

  /** A release's ρ as recorded (rounded up). */
  static BigDecimal rhoAmount(double rho) {
    return new BigDecimal(rho).setScale(RHO_DECIMALS, RoundingMode.CEILING);
  }

  /** A release's selection δ as recorded: like {@link #amount} (1e-12 is recorded exactly), rounded up. */
  static BigDecimal selectionAmount(double selectionDelta) {
    return amount(selectionDelta, SELECTION_DELTA_DECIMALS);
  }

  /** A budget's ρ as recorded (rounded down). */
  static BigDecimal budgetRho(LifetimeBudget budget) {
    return new BigDecimal(budget.rho()).setScale(RHO_DECIMALS, RoundingMode.FLOOR);
  }

  private static String plain(BigDecimal value) {
    BigDecimal v = value.scale() > 6 ? value.setScale(6, RoundingMode.HALF_UP) : value;
    return v.stripTrailingZeros().toPlainString();
  }

  /** A small amount (a δ) for a message: three significant digits, in scientific notation. */
  private static String sci(BigDecimal value) {
    return value.signum() == 0 ? "0" : String.format(Locale.ROOT, "%.3g", value.doubleValue());
  }

  private static String plain(double value) {
    return plain(BigDecimal.valueOf(value));
  }

  private static String describe(LedgerKey key) {
    return "tenant '" + key.tenant() + "', dataset '" + key.dataset() + "'"
        + (key.partition() == null ? "" : ", partition '" + key.partition() + "'");
  }
}
