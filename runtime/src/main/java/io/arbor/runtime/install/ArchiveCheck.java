package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a plugin archive must pass before any of it is loaded: a readable ZIP, entry names that stay
 * inside it, no entry twice, every entry's content matching its CRC-32, and sizes within {@link
 * Limits}, measured by inflating every entry (never trusting the sizes the archive declares), so a zip
 * bomb is stopped after at most the limit's bytes. It reads the archive the way the class loader will (the central directory, {@link
 * ZipFile}), so nothing it did not check can be loaded.
 */
public final class ArchiveCheck {
  /** Below this many inflated bytes an entry's compression ratio is not judged: small files compress well. */
  private static final long RATIO_FLOOR = 1 << 20;
  private static final int MAX_SHOWN_NAME = 120;

  /**
   * @param maxArchiveBytes the archive file's size
   * @param maxEntries entries in the archive
   * @param maxEntryBytes one entry, inflated
   * @param maxTotalBytes all entries, inflated
   * @param maxRatio inflated ÷ compressed bytes of an entry over 1 MiB inflated
   */
  public record Limits(long maxArchiveBytes, int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxRatio) {
    public static final Limits DEFAULT = new Limits(64L << 20, 10_000, 64L << 20, 256L << 20, 100);
  }

  /** What the check read: the archive's entries and their inflated size. */
  public record Checked(int entries, long inflatedBytes) {}

  private final Limits limits;

  public ArchiveCheck(Limits limits) {
    this.limits = limits;
  }

  /** Checks the archive at {@code jar}; throws an {@link InstallException} naming the first rule it breaks. */
  public Checked check(Path jar) {
    long size = size(jar);
    if (size > limits.maxArchiveBytes()) {
      throw new InstallException(Reason.TOO_LARGE, "source",
          "The archive is " + size + " bytes; at most " + limits.maxArchiveBytes() + " are accepted.");
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (zip.size() > limits.maxEntries()) {
        throw new InstallException(Reason.TOO_MANY_ENTRIES, "source",
            "The archive has " + zip.size() + " entries; at most " + limits.maxEntries() + " are accepted.");
      }
      Set<String> names = new HashSet<>();
      long total = 0;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        checkName(entry.getName());
        if (!names.add(entry.getName())) {
          throw new InstallException(Reason.DUPLICATE_ENTRY, shown(entry.getName()),
              "The archive holds '" + shown(entry.getName()) + "' more than once.");
        }
        total += inflate(zip, entry, limits.maxTotalBytes() - total);
      }
      refuseClassPath(zip);
      return new Checked(names.size(), total);
    } catch (IOException e) { // ZipException included: not a ZIP, a truncated one, a CRC mismatch
      throw corrupt(e);
    }
  }

  /** Reads an entry to its end, counting; returns its inflated size. */
  private long inflate(ZipFile zip, ZipEntry entry, long totalLeft) throws IOException {
    if (entry.isDirectory()) {
      return 0;
    }
    byte[] buffer = new byte[8192];
    long read = 0;
    CRC32 crc = new CRC32(); // ZipFile does not verify it
    try (InputStream in = zip.getInputStream(entry)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        read += n;
        crc.update(buffer, 0, n);
        if (read > limits.maxEntryBytes()) {
          throw new InstallException(Reason.TOO_LARGE, shown(entry.getName()), "Entry '" + shown(entry.getName())
              + "' inflates to more than " + limits.maxEntryBytes() + " bytes.");
        }
        if (read > totalLeft) {
          throw new InstallException(Reason.TOO_LARGE, "source",
              "The archive inflates to more than " + limits.maxTotalBytes() + " bytes.");
        }
        long compressed = Math.max(1, entry.getCompressedSize());
        if (read > RATIO_FLOOR && read / compressed > limits.maxRatio()) {
          throw new InstallException(Reason.ZIP_BOMB, shown(entry.getName()), "Entry '" + shown(entry.getName())
              + "' inflates more than " + limits.maxRatio() + " times its compressed size: a zip bomb.");
        }
      }
    }
    if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
      throw new InstallException(Reason.CORRUPT_ARCHIVE, shown(entry.getName()),
          "Entry '" + shown(entry.getName()) + "' is damaged: its content does not match its checksum (CRC-32).");
    }
    return read;
  }

  /**
   * A manifest {@code Class-Path} makes the class loader open other JARs, relative to this one or
   * anywhere on the node, that no check has seen: refused. Dependencies are listed in the POM instead.
   */
  private static void refuseClassPath(ZipFile zip) throws IOException {
    ZipEntry manifest = zip.getEntry(JarFile.MANIFEST_NAME);
    if (manifest == null) {
      return;
    }
    try (InputStream in = zip.getInputStream(manifest)) {
      if (new Manifest(in).getMainAttributes().getValue(Attributes.Name.CLASS_PATH) != null) {
        throw new InstallException(Reason.PATH_TRAVERSAL, JarFile.MANIFEST_NAME, "The manifest's Class-Path names JARs outside the"
            + " archive, which no check would see; list dependencies in the artifact's POM instead.");
      }
    }
  }

  /** An entry's name must stay inside the archive wherever it is extracted or resolved. */
  private static void checkName(String name) {
    boolean escapes = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
        || (name.length() > 1 && name.charAt(1) == ':');
    for (String segment : name.split("/", -1)) {
      escapes |= segment.equals("..");
    }
    if (escapes) {
      throw new InstallException(Reason.PATH_TRAVERSAL, shown(name),
          "Entry '" + shown(name) + "' points outside the archive (an absolute path, a drive, a backslash or '..').");
    }
  }

  private static long size(Path jar) {
    try {
      return Files.size(jar);
    } catch (IOException e) {
      throw corrupt(e);
    }
  }

  private static InstallException corrupt(IOException e) {
    return new InstallException(Reason.CORRUPT_ARCHIVE, "source", "The archive cannot be read as a JAR: " + e.getMessage());
  }

  /** An entry name as it can be printed: control characters replaced, long names cut. */
  static String shown(String name) {
    String printable = name.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return printable.length() > MAX_SHOWN_NAME ? printable.substring(0, MAX_SHOWN_NAME) + "..." : printable;
  }
}
