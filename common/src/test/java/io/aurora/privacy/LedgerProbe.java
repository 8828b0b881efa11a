package io.aurora.privacy;

import io.aurora.AuroraException;
import io.aurora.config.AuroraConfig;
import io.aurora.config.AuroraConfigLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A separate process that uses the ledger, for the tests of what concurrent and killed processes do
 * to it: {@code debit TENANT DATASET EPSILON DELTA RUN [COUNT] [PAUSE_MS]} debits COUNT releases (run
 * ids RUN-0, RUN-1, …), printing "debited RUN-i" after each one returned, then pauses; the exit code
 * is the one the release got (0, or the AuroraException's). Configuration from {@code --conf KEY=VALUE}
 * arguments after {@code --} and the environment (AURORA_POSTGRES_PASSWORD).
 */
public final class LedgerProbe {
  private LedgerProbe() {}

  public static void main(String[] args) throws Exception {
    List<String> conf = new ArrayList<>();
    List<String> positional = new ArrayList<>();
    boolean confPart = false;
    for (String a : args) {
      if (a.equals("--")) {
        confPart = true;
      } else if (confPart) {
        if (!a.equals("--conf")) {
          conf.add(a);
        }
      } else {
        positional.add(a);
      }
    }
    Map<String, String> environment = new HashMap<>();
    String password = System.getenv("AURORA_POSTGRES_PASSWORD");
    if (password != null) {
      environment.put("AURORA_POSTGRES_PASSWORD", password);
    }
    AuroraConfig config = AuroraConfigLoader.load(Map.of(), conf, Map.of(), environment, null);
    String tenant = positional.get(1);
    String dataset = positional.get(2);
    double epsilon = Double.parseDouble(positional.get(3));
    double delta = Double.parseDouble(positional.get(4));
    String run = positional.get(5);
    int count = positional.size() > 6 ? Integer.parseInt(positional.get(6)) : 1;
    long pause = positional.size() > 7 ? Long.parseLong(positional.get(7)) : 0;
    int code = 0;
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      for (int i = 0; i < count; i++) {
        String id = run + "-" + i;
        ledger.debit(new Release(new LedgerKey(tenant, dataset, null), id, id, epsilon, delta, Release.rhoOf(epsilon, delta), "probe",
            null, null, false));
        System.out.println("debited " + id);
        System.out.flush();
      }
      Thread.sleep(pause);
    } catch (AuroraException e) {
      System.out.println("refused " + e.exitCode().code() + " " + e.getMessage());
      code = e.exitCode().code();
    }
    System.out.flush();
    System.exit(code);
  }
}
