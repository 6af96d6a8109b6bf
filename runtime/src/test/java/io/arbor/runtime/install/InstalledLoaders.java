package io.arbor.runtime.install;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where test plugins inside installed JARs report the class loader they were loaded by, when they
 * start. It is an {@code io.arbor.} class, so the artifacts' loaders take it from the application: a
 * test reads, without holding the loaders, whether they were garbage-collected.
 */
public final class InstalledLoaders {
  private static final List<WeakReference<ClassLoader>> LOADERS = new CopyOnWriteArrayList<>();

  private InstalledLoaders() {}

  /** Called by a test plugin's start(). */
  public static void started(Object plugin) {
    ClassLoader loader = plugin.getClass().getClassLoader();
    if (LOADERS.stream().noneMatch(seen -> seen.get() == loader)) {
      LOADERS.add(new WeakReference<>(loader));
    }
  }

  /** The loaders named {@code name} (for example {@code stamp-1.0.0}) seen so far, as weak references. */
  static List<WeakReference<ClassLoader>> named(String name) {
    return LOADERS.stream().filter(seen -> seen.get() != null && name.equals(seen.get().getName())).toList();
  }

  /** How many loaders have started a test plugin so far. */
  static int seen() {
    return LOADERS.size();
  }

  /** Collects garbage until every reference is cleared, or about five seconds have passed. */
  static boolean collected(List<WeakReference<ClassLoader>> loaders) throws InterruptedException {
    for (int i = 0; i < 100 && loaders.stream().anyMatch(loader -> loader.get() != null); i++) {
      System.gc();
      Thread.sleep(50);
    }
    return loaders.stream().allMatch(loader -> loader.get() == null);
  }
}
