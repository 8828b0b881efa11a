package io.aurora.metrics;

import java.util.Map;
import org.apache.logging.log4j.message.MapMessage;

/**
 * One structured job event: a name plus fields (job, run_id, tenant, dataset, phase, duration_ms,
 * counts) that the JSON layout writes as top-level properties of one log line. Its formatted
 * message is only the event name, so the fields are never repeated as free text.
 */
public final class JobEvent extends MapMessage<JobEvent, Object> {
  private static final long serialVersionUID = 1L;

  private final String name;

  JobEvent(String name, Map<String, Object> fields) {
    super(fields.size() + 1);
    this.name = name;
    fields.forEach(this::with);
  }

  /** The event's name, e.g. {@code phase.finished}. */
  public String name() {
    return name;
  }

  @Override
  public String getFormattedMessage() {
    return name;
  }

  @Override
  public void formatTo(StringBuilder buffer) {
    buffer.append(name);
  }

  @Override
  public String getFormat() {
    return name;
  }

  @Override
  public JobEvent newInstance(Map<String, Object> map) {
    return new JobEvent(name, map);
  }
}
