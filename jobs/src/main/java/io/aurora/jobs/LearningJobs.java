package io.aurora.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/** What the learning commands (feedback, learn, rules) share: run ids and --json rendering. */
final class LearningJobs {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private LearningJobs() {}

  /** A run id for a job not keyed by a profile run: time-ordered, unique, a valid identifier. */
  static String runId(String job) {
    return job + "-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** One --json output line (insertion order kept). */
  static String json(Map<String, ?> fields) {
    try {
      return MAPPER.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render output as JSON", e);
    }
  }
}
