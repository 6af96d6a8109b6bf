package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The libraries a plugin JAR carries inside itself, as {@code lib/*.jar} or {@code META-INF/lib/*.jar}
 * entries: extracted beside it, each passed through the archive check like the JAR itself, so that
 * its class loader can read them (a class loader cannot read a JAR inside a JAR).
 */
final class NestedJars {
  private NestedJars() {}

  /** Whether {@code entry} is a nested library: a {@code .jar} directly under {@code lib/} or {@code META-INF/lib/}. */
  static boolean isNested(String entry) {
    for (String folder : List.of("lib/", "META-INF/lib/")) {
      if (entry.startsWith(folder) && entry.endsWith(".jar") && entry.indexOf('/', folder.length()) < 0) {
        return true;
      }
    }
    return false;
  }

  /** Extracts the nested libraries of {@code jar} into {@code directory}, checked, in entry order. */
  static List<Path> extract(Path jar, Path directory, ArchiveCheck check) {
    List<Path> nested = new ArrayList<>();
    try (ZipFile file = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory() || !isNested(entry.getName())) {
          continue;
        }
        Path target = directory.resolve("nested-" + nested.size() + ".jar");
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, target);
        }
        check.check(target);
        nested.add(target);
      }
    } catch (IOException e) {
      throw new InstallException(Reason.CORRUPT_ARCHIVE, "source", "Cannot extract the libraries inside the JAR: " + e.getMessage(), e);
    }
    return nested;
  }
}
