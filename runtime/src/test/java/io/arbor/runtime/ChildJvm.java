package io.arbor.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A main class run in a JVM of its own on this test's class path, for tests that need a second process. */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final List<String> output = new ArrayList<>();
  private boolean ended;

  private ChildJvm(Process process) {
    this.process = process;
    // Drained for as long as the child runs: a child whose output pipe fills up blocks in its logging.
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          synchronized (output) {
            output.add(line);
            output.notifyAll();
          }
        }
      } catch (IOException e) {
        // the child is gone
      } finally {
        synchronized (output) {
          ended = true;
          output.notifyAll();
        }
      }
    }, "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  public static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** The first line of the child's output starting with {@code prefix}, or null if it ended or took longer. */
  public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (output) {
      while (true) {
        for (String line : output) {
          if (line.startsWith(prefix)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          return null;
        }
        output.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** What the child printed so far, for failure messages. */
  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Kills the child with SIGKILL (no shutdown hooks) and returns its exit code. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    return process.exitValue();
  }

  /**
   * Sends the child SIGTERM (its shutdown hooks run) and returns its exit code once it has ended.
   * Through its {@code ProcessHandle}: {@code Process.destroy()} would also close the pipes, and what
   * the child prints while it shuts down would be lost.
   */
  public int terminate(Duration timeout) throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the child did not end within " + timeout + " of SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
