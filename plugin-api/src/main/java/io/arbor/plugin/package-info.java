/**
 * What a plugin author compiles against: {@link io.arbor.plugin.EventType event types} with a typed
 * state, the {@link io.arbor.plugin.Plugin plugin interface}, the two {@link io.arbor.plugin.Step
 * step results}, {@link io.arbor.plugin.PluginDescriptor descriptors} and classpath {@link
 * io.arbor.plugin.PluginDiscovery discovery}. It depends on nothing, so a plugin can be written and
 * unit-tested with this module alone.
 */
package io.arbor.plugin;
