package io.aurora.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.store.Table;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TableTasksTest {
  private static final List<Table> TABLES = List.of(Table.FEEDBACK, Table.RUNS, Table.RULES);

  @Test
  void tablesAreWorkedOnAtOnceAndTheResultsKeepTheirOrder() {
    // each task waits for every other to have started: one after another, they would all time out
    CountDownLatch started = new CountDownLatch(TABLES.size());
    List<String> results = new TableTasks("test", 4).each(TABLES, table -> {
      started.countDown();
      try {
        return started.await(30, TimeUnit.SECONDS) ? table.tableName() : "timed out";
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(results).containsExactly("feedback", "runs", "rules");
  }

  @Test
  void theFirstTablesFailureIsRethrownAsItWasAfterEveryTaskEnded() {
    AuroraException first = new AuroraException(ExitCode.FAILURE, "cannot truncate the log of table feedback (IOException)");
    IllegalStateException later = new IllegalStateException("rules");
    AtomicBoolean slowFinished = new AtomicBoolean();
    assertThatThrownBy(() -> new TableTasks("test", 4).each(TABLES, table -> {
      switch (table) {
        case RULES -> throw later;
        case FEEDBACK -> {
          sleep(200); // fails last in time, but it is the first table
          throw first;
        }
        default -> {
          sleep(500);
          slowFinished.set(true);
          return table;
        }
      }
    })).isSameAs(first).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(later));
    assertThat(slowFinished).as("the other table's task ended before the call did").isTrue();
  }

  @Test
  void aCheckedExceptionThrownFromScalaCodeComesOutUnwrapped() {
    Exception checked = new java.io.IOException("from a Spark job");
    assertThatThrownBy(() -> new TableTasks("test", 1).each(List.of(Table.RUNS), table -> {
      throw TableTasksTest.<RuntimeException>sneaky(checked);
    })).isSameAs(checked);
  }

  @Test
  void noTablesNoThreads() {
    assertThat(new TableTasks("test", 2).each(List.of(), table -> table)).isEmpty();
    assertThatThrownBy(() -> new TableTasks("test", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
