package io.aurora.recommend;

import io.aurora.fingerprint.Fingerprint;
import java.io.Serializable;
import java.util.Optional;

/**
 * One source of recommendations (learned rules, the champion model, the expert rules). The combiner
 * asks sources strongest first and takes the first proposal. Implementations are serializable so
 * they can be shipped to executors and applied per partition of the fingerprints.
 */
public interface RecommendationSource extends Serializable {
  /** Which kind of source this is. */
  Source source();

  /** A proposal for {@code fingerprint}, or empty when this source has nothing to say about it. */
  Optional<Proposal> propose(Fingerprint fingerprint);
}
