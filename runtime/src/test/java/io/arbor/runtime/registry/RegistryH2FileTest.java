package io.arbor.runtime.registry;

import com.typesafe.config.Config;
import io.arbor.runtime.TestArbor;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The default database: an H2 file, closed and reopened between the two runs. */
class RegistryH2FileTest extends RegistryPersistenceContract {
  @TempDir Path directory;

  @Override
  protected Config database() {
    return TestArbor.database("jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath(), "sa");
  }
}
