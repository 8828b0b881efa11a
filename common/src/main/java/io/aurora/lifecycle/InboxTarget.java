package io.aurora.lifecycle;

import io.aurora.AuroraException;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.learn.FeedbackInbox;
import java.time.Instant;
import java.util.function.ToLongFunction;

/**
 * The PostgreSQL feedback inbox: forget deletes the tenant's verdicts (consumed or not), or those
 * judging one dataset's recommendations; retention deletes what was submitted before the cutoff.
 */
public final class InboxTarget implements ForgetTarget, RetentionTarget {
  private final AuroraConfig config;

  public InboxTarget(AuroraConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config is null");
  }

  @Override
  public String name() {
    return "feedback inbox";
  }

  @Override
  public Erasure forget(ForgetScope scope) {
    return withInbox(inbox -> inbox.forget(scope.tenant(), scope.wholeTenant() ? null : scope.recommendationIds()));
  }

  @Override
  public Erasure purgeOlderThan(Instant cutoff) {
    return withInbox(inbox -> inbox.purgeOlderThan(cutoff));
  }

  private Erasure withInbox(ToLongFunction<FeedbackInbox> work) {
    if (config.find(ConfigKeys.POSTGRES_URL).filter(u -> !u.isBlank()).isEmpty()) {
      return Erasure.notConfigured(name(), "aurora.postgres.url is not set: there is no inbox");
    }
    try (FeedbackInbox inbox = FeedbackInbox.open(config)) {
      return Erasure.done(name(), work.applyAsLong(inbox), "rows deleted");
    } catch (AuroraException e) {
      return Erasure.failed(name(), "PostgreSQL unreachable or refused (" + e.getMessage() + ")");
    } catch (Exception e) {
      return Erasure.failed(name(), "PostgreSQL failed (" + e.getClass().getSimpleName() + ")");
    }
  }
}
