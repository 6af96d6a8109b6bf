/**
 * Where the registry's one writer runs: spawned locally on a single node, or as a Cluster Singleton
 * (with its proxy on every node) when {@code pekko.actor.provider = cluster}. The spawn site is the only
 * difference between the modes; the view, the client and the chains are one code path.
 */
package io.arbor.runtime.cluster;
