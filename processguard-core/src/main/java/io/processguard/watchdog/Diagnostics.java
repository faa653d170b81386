package io.processguard.watchdog;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a watchdog saw when it fired: the stacks of the threads it watches and, when one was
 * taken, a full thread dump. Immutable and thread-safe; an incident can carry it as it is.
 *
 * @param capturedAt when the stacks were read, from the watchdog's clock
 * @param threads the stack of each watched thread at that moment, in registration order
 * @param threadDump a full dump of every thread, or empty when none was taken (they pause the
 *     JVM, so watchdogs take them only on request or on a breach, rate-limited)
 */
public record Diagnostics(Instant capturedAt, List<ThreadStack> threads, String threadDump) {

  /** Validates and copies. */
  public Diagnostics {
    requireNonNull(capturedAt, "capturedAt");
    threads = List.copyOf(threads);
    requireNonNull(threadDump, "threadDump");
  }

  /** Returns diagnostics with the stacks of the given threads and no thread dump. */
  static Diagnostics capture(Instant at, List<Thread> watched) {
    List<ThreadStack> stacks = new ArrayList<>(watched.size());
    for (Thread t : watched) {
      stacks.add(ThreadStack.of(t));
    }
    return new Diagnostics(at, stacks, "");
  }

  /** Returns a copy with a thread dump added. */
  Diagnostics withThreadDump(String dump) {
    return new Diagnostics(capturedAt, threads, dump);
  }

  /** Returns a dump of every live thread with all frames (JVM-wide pause: rate-limit callers). */
  static String dumpAllThreads() {
    StringBuilder out = new StringBuilder(4096);
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
      out.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId())
          .append(' ').append(info.getThreadState()).append('\n');
      for (StackTraceElement frame : info.getStackTrace()) {
        out.append("\tat ").append(frame).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Renders the stacks (and the dump, if any) as text, in the JDK's {@code jstack} style. */
  public String render() {
    StringBuilder out = new StringBuilder(1024);
    out.append("captured at ").append(capturedAt).append('\n');
    for (ThreadStack t : threads) {
      t.appendTo(out);
    }
    if (!threadDump.isEmpty()) {
      out.append("--- full thread dump ---\n").append(threadDump);
    }
    return out.toString();
  }

  /**
   * The stack of one thread at one moment.
   *
   * @param name the thread's name
   * @param id the thread's id
   * @param state its state when read ({@code TERMINATED} with no frames for a dead thread)
   * @param frames its frames, innermost first
   */
  public record ThreadStack(String name, long id, Thread.State state, List<StackTraceElement> frames) {

    /** Validates and copies. */
    public ThreadStack {
      requireNonNull(name, "name");
      requireNonNull(state, "state");
      frames = List.copyOf(frames);
    }

    /** Reads a thread's stack now; costs a safepoint for that thread (tens of microseconds). */
    static ThreadStack of(Thread t) {
      return new ThreadStack(t.getName(), t.getId(), t.getState(), List.of(t.getStackTrace()));
    }

    void appendTo(StringBuilder out) {
      out.append('"').append(name).append("\" #").append(id).append(' ').append(state).append('\n');
      for (StackTraceElement frame : frames) {
        out.append("\tat ").append(frame).append('\n');
      }
    }
  }
}
