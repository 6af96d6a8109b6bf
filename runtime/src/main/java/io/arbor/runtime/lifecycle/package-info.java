/**
 * The lifecycle rules, as plain functions over a {@link io.arbor.runtime.registry.RegistryState}: what
 * each operation does from each status, the guards and their errors, the dependency graph, cycle
 * rejection and the hold/release cascade. No actors here; the registry actor asks {@link
 * io.arbor.runtime.lifecycle.Lifecycle} for a decision and journals it.
 */
package io.arbor.runtime.lifecycle;
