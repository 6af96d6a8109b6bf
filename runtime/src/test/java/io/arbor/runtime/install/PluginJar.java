package io.arbor.runtime.install;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

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
