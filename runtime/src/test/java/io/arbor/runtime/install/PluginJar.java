package io.arbor.runtime.install;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Writes a real JAR into a test's directory, entry by entry (PF4J's {@code PluginJar}, for Arbor's tests). */
final class PluginJar {
  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private final Map<String, Boolean> stored = new LinkedHashMap<>();

  PluginJar entry(String name, String text) {
    return entry(name, text.getBytes(StandardCharsets.UTF_8));
  }

  PluginJar entry(String name, byte[] bytes) {
    entries.put(name, bytes);
    return this;
  }

  /** An entry written uncompressed (STORED), so its bytes sit in the file as they are. */
  PluginJar storedEntry(String name, byte[] bytes) {
    stored.put(name, true);
    return entry(name, bytes);
  }

  /**
   * Compiles Java sources (class name → source) against the test class path and adds the class files,
   * so a test can build two versions of one plugin.
   */
  PluginJar compiled(Path workDir, Map<String, String> sources) {
    return compiled(workDir, sources, List.of());
  }

  /** As {@link #compiled(Path, Map)}, with more JARs on the compiler's class path. */
  PluginJar compiled(Path workDir, Map<String, String> sources, List<Path> classPath) {
    try {
      Path src = Files.createTempDirectory(workDir, "src");
      Path out = Files.createTempDirectory(workDir, "classes");
      List<File> files = new ArrayList<>();
      for (Map.Entry<String, String> source : sources.entrySet()) {
        Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        files.add(Files.writeString(file, source.getValue()).toFile());
      }
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      try (StandardJavaFileManager manager = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
        StringWriter errors = new StringWriter();
        boolean ok = compiler.getTask(errors, manager, null,
            List.of("-d", out.toString(), "-classpath", String.join(File.pathSeparator,
                Stream.concat(Stream.of(System.getProperty("java.class.path")), classPath.stream().map(Path::toString)).toList()),
                "--release", "17"),
            null, manager.getJavaFileObjectsFromFiles(files)).call();
        if (!ok) {
          throw new IllegalStateException("the test plugin did not compile:\n" + errors);
        }
      }
      try (Stream<Path> classes = Files.walk(out)) {
        for (Path file : classes.filter(Files::isRegularFile).toList()) {
          entry(out.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file));
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path writeTo(Path file) {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        ZipEntry zipEntry = new ZipEntry(entry.getKey());
        if (stored.containsKey(entry.getKey())) {
          CRC32 crc = new CRC32();
          crc.update(entry.getValue());
          zipEntry.setMethod(ZipEntry.STORED);
          zipEntry.setSize(entry.getValue().length);
          zipEntry.setCompressedSize(entry.getValue().length);
          zipEntry.setCrc(crc.getValue());
        }
        zip.putNextEntry(zipEntry);
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
