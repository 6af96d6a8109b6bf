/**
 * The event-sourced registry: which plugins exist, with which declared fields and which status. One
 * {@link io.arbor.runtime.registry.Registry} actor writes; its state is a plain value ({@link
 * io.arbor.runtime.registry.RegistryState}) that the rest of the runtime reads. The rules deciding
 * what a command does live in {@code io.arbor.runtime.registry}.
 */
package io.arbor.runtime.registry;
