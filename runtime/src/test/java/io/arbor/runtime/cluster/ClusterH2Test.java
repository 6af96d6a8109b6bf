package io.arbor.runtime.cluster;

import com.typesafe.config.Config;

/** The cluster contract with the three nodes sharing an in-memory H2 journal (they share this JVM). */
class ClusterH2Test extends ClusterContract {
  @Override
  protected Config database() {
    return TestCluster.h2();
  }
}
