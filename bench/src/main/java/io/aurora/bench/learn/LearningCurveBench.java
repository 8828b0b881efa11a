package io.aurora.bench.learn;

import io.aurora.learn.RuleLifecycle;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.RecommendationSource;
import java.util.List;
import java.util.Locale;

/**
 * Learning curve: accuracy on a new domain against the number of corrections an analyst made.
 * Usage: {@code LearningCurveBench [columnsPerDataset=20] [rounds=30] [holdout=2000] [seed=7] [minCorrections=5] [base=expert|textbook]}.
 * The base source is AURORA's shipped expert rules; {@code textbook} swaps in a plain textbook rule set for comparison.
 * Target (SPEC §11): from a cold start below 70 %, 90 % within 100 corrections.
 */
public final class LearningCurveBench {
  private LearningCurveBench() {}

  public static void main(String[] args) {
    int perDataset = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int holdoutSize = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 7L;
    int minCorrections = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    boolean textbook = args.length > 5 && args[5].equals("textbook");

    HouseStyleDomain domain = new HouseStyleDomain("bench", seed);
    List<HouseStyleDomain.Column> holdout = domain.dataset("holdout", holdoutSize);
    RecommendationSource base = textbook ? new TextbookSource() : ExpertRules.shipped();
    AnalystSimulator analyst = new AnalystSimulator("bench", base, new RuleLifecycle(minCorrections), true);
    // the same analyst and datasets, learning at the fine key only: what the coarse level buys
    AnalystSimulator fineOnly = new AnalystSimulator("bench", base, new RuleLifecycle(minCorrections), false);

    StringBuilder out = new StringBuilder();
    out.append("# learning curve — generated house-style domain (seed ").append(seed).append("), ")
        .append(perDataset).append(" columns per dataset, holdout ").append(holdoutSize).append(" columns, min-corrections ")
        .append(minCorrections).append('\n');
    out.append(textbook ? "# base source: plain textbook rules (bench only, for comparison)\n" : "# base source: AURORA's shipped expert rules\n");
    out.append(String.format(Locale.ROOT, "%5s %11s %6s %9s   | fine key only: %11s %9s%n", "round", "corrections", "rules",
        "accuracy", "corrections", "accuracy"));
    AnalystSimulator.Point cold = analyst.evaluate(0, holdout);
    append(out, cold, fineOnly.evaluate(0, holdout));
    Integer reached = null;
    Integer reachedFine = null;
    for (int r = 1; r <= rounds; r++) {
      List<HouseStyleDomain.Column> dataset = domain.dataset("ds" + r, perDataset);
      analyst.round(dataset);
      fineOnly.round(dataset);
      AnalystSimulator.Point p = analyst.evaluate(r, holdout);
      AnalystSimulator.Point q = fineOnly.evaluate(r, holdout);
      append(out, p, q);
      if (reached == null && p.accuracy() >= 0.90) {
        reached = p.corrections();
      }
      if (reachedFine == null && q.accuracy() >= 0.90) {
        reachedFine = q.corrections();
      }
    }
    out.append(String.format(Locale.ROOT, "cold start accuracy %.1f %%; 90 %% reached after %s corrections (target: cold < 70 %%, 90 %% within 100); fine key only: %s%n",
        100 * cold.accuracy(), reached == null ? "— (not reached)" : reached.toString(),
        reachedFine == null ? "not reached" : reachedFine + " corrections"));
    System.out.print(out);
  }

  private static void append(StringBuilder out, AnalystSimulator.Point p, AnalystSimulator.Point fine) {
    out.append(String.format(Locale.ROOT, "%5d %11d %6d %8.1f%%   | %26d %8.1f%%%n", p.round(), p.corrections(), p.rules(),
        100 * p.accuracy(), fine.corrections(), 100 * fine.accuracy()));
  }
}
