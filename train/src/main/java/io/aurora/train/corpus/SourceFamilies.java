package io.aurora.train.corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Groups the corpus's source files into families of near-copies of one dataset: two files whose sets
 * of column names overlap by at least a Jaccard threshold, with at least two names in common, are one
 * family, transitively. The corpus
 * holds such copies under different file ids (yearly extracts of one register, one survey split in
 * parts), so folds grouped by file can still put a copy of a held-out file into training; grouping
 * by family is the stricter check of how the recommender does on a dataset it has never seen.
 */
public final class SourceFamilies {
  /** Names two files must share to be copies of each other. */
  static final int MIN_SHARED = 2;

  private SourceFamilies() {}

  /**
   * The corpus with each column's source file replaced by its family's id (its first file id in
   * string order), so that any evaluation grouped by source file is grouped by family.
   */
  public static List<LabelledColumn> regroup(List<LabelledColumn> corpus, double threshold) {
    Map<String, String> family = families(corpus, threshold);
    List<LabelledColumn> out = new ArrayList<>(corpus.size());
    for (LabelledColumn c : corpus) {
      out.add(new LabelledColumn(family.get(c.sourceFile()), c.fingerprint(), c.type()));
    }
    return out;
  }

  /** Source file → family id. */
  public static Map<String, String> families(List<LabelledColumn> corpus, double threshold) {
    Map<String, Set<String>> names = new TreeMap<>();
    for (LabelledColumn c : corpus) {
      names.computeIfAbsent(c.sourceFile(), f -> new HashSet<>())
          .add(c.fingerprint().columnName().trim().toLowerCase(Locale.ROOT));
    }
    List<String> files = new ArrayList<>(names.keySet());
    int[] parent = new int[files.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int a = 0; a < files.size(); a++) {
      Set<String> left = names.get(files.get(a));
      for (int b = a + 1; b < files.size(); b++) {
        Set<String> right = names.get(files.get(b));
        Set<String> smaller = left.size() <= right.size() ? left : right;
        Set<String> larger = smaller == left ? right : left;
        int shared = 0;
        for (String n : smaller) {
          shared += larger.contains(n) ? 1 : 0;
        }
        double jaccard = shared / (double) (left.size() + right.size() - shared);
        // one shared name is no evidence of a copy: files with one or two labelled columns named
        // "name" or "date" would chain unrelated datasets together
        if (shared >= MIN_SHARED && jaccard >= threshold) {
          parent[root(parent, a)] = root(parent, b);
        }
      }
    }
    // the family id: its first file id in sorted (string) order, the first member met
    Map<Integer, String> idOfRoot = new HashMap<>();
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String file = files.get(i);
      out.put(file, idOfRoot.computeIfAbsent(root(parent, i), r -> file));
    }
    return out;
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
}
