/**
 * The plugins' key-value stores: one on each node per plugin ({@link io.arbor.plugin.PluginStore}),
 * and one replicated across the cluster on Pekko Distributed Data ({@link DistributedStore}), both
 * owned by {@link PluginStores}, which empties a plugin's stores when it is unregistered.
 */
package io.arbor.runtime.store;
