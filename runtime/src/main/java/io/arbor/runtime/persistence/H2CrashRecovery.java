package io.arbor.runtime.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the newest commit of an H2 file that was not closed cleanly (the process was killed) before
 * H2 opens it. H2 2.5.252 locates the newest commit from its store header and the chunk links that
 * follow it, but when a commit's chunk lands in reused space where the previous chunk did not predict
 * it, the header H2 writes for it still names the previous chunk (it is written before H2 records the
 * new chunk as the last one), so a plain open after {@code kill -9} silently went back to an older
 * commit: with space reused at once ({@code RETENTION_TIME=0}) the acknowledged stop was lost in about
 * half the runs (the same can happen under H2's default retention once freed space is reused). MVStore's recovery
 * mode instead scans every chunk of the file and takes the newest complete one; closing it writes a
 * correct, clean header, which the database's own open then follows.
 */
final class H2CrashRecovery {
  private static final Logger log = LoggerFactory.getLogger(H2CrashRecovery.class);
  /** H2's store header: two copies, one block each, at the start of the file. */
  private static final int HEADER_BLOCK = 4096;

  private H2CrashRecovery() {}

  /** Recovers {@code file} (an H2 {@code .mv.db}) if it exists and was not closed cleanly; otherwise leaves it alone. */
  static void recoverIfUnclean(Path file) {
    if (!Files.isRegularFile(file) || closedCleanly(file)) {
      return;
    }
    try {
      new MVStore.Builder().fileName(file.toString()).recoveryMode().autoCommitDisabled().open().close();
      log.info("Recovered {} after an unclean shutdown", file);
    } catch (MVStoreException e) {
      // Locked by another process, encrypted, or not an MVStore file: H2's own open reports it (typed).
      log.warn("Could not scan {} after an unclean shutdown ({}); H2 opens it as it is", file, e.getMessage());
    }
  }

  /** Both copies of the store header carry H2's clean-shutdown mark. */
  private static boolean closedCleanly(Path file) {
    byte[] headers = new byte[2 * HEADER_BLOCK];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(headers, 0, headers.length) < headers.length) {
        return false;
      }
    } catch (IOException e) {
      return true; // unreadable here: H2's own open reports it
    }
    return isClean(headers, 0) && isClean(headers, HEADER_BLOCK);
  }

  private static boolean isClean(byte[] headers, int offset) {
    String line = new String(headers, offset, HEADER_BLOCK, StandardCharsets.ISO_8859_1).split("\n", 2)[0];
    try {
      return DataUtils.readHexLong(DataUtils.parseMap(line), "clean", 0) != 0;
    } catch (MVStoreException e) { // a torn header
      return false;
    }
  }
}
