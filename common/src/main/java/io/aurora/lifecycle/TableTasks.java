package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;

import io.aurora.store.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs one task per warehouse table, a few tables at once, on threads that live only for the call.
 * The tables' tasks must be independent of each other; each task keeps its own steps in order.
 *
 * <p>The call returns or throws only when every task has ended, so nothing keeps writing to a
 * table after a job reports. When tasks fail, the failure of the first table in the given order is
 * rethrown as it was thrown (the same one-line error and exit code as when the tables ran one after
 * another); every other table either finished its task or is named in a log line of its own.
 */
final class TableTasks {
  private static final Logger LOG = LogManager.getLogger(TableTasks.class);

  private final String name;
  private final int threads;

  /**
   * @param name what the tasks do, for thread names and log lines (never a tenant or dataset id)
   * @param threads the most tables worked on at once
   */
  TableTasks(String name, int threads) {
    this.name = requireNonNull(name, "name is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
  }

  /** {@code task} applied to every table, the results in the tables' order. */
  <T> List<T> each(List<Table> tables, Function<Table, T> task) {
    requireNonNull(task, "task is null");
    if (tables.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tables.size()), threadFactory());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Table table : tables) {
        futures.add(pool.submit(() -> task.apply(table)));
      }
      List<T> results = new ArrayList<>();
      Throwable first = null;
      for (int i = 0; i < tables.size(); i++) {
        try {
          results.add(awaitUninterruptibly(futures.get(i)));
        } catch (ExecutionException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          if (first == null) {
            first = cause;
          } else {
            first.addSuppressed(cause);
            // the class only: a message may hold a partition path, and so a tenant's name
            LOG.error("{} of table {} failed too ({})", name, tables.get(i).tableName(), cause.getClass().getSimpleName());
          }
        }
      }
      if (first != null) {
        throw TableTasks.<RuntimeException>rethrow(first);
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Waits for a task to end even when this thread is interrupted: returning early would leave the
   * task writing to its table after the job reports. The interrupt is kept for the caller.
   */
  private static <T> T awaitUninterruptibly(Future<T> future) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ThreadFactory threadFactory() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "aurora-" + name.replace(' ', '-') + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Throws {@code t} as it is, checked or not (Spark's jobs throw the checked SparkException from Scala code). */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
    throw (E) t;
  }
}
