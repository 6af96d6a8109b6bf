/**
 * The embeddable runtime. {@link io.arbor.runtime.Arbor} is the entry point; the sub-packages each own
 * one concern: {@code chain} (calls), {@code registry} (the event-sourced store), {@code lifecycle}
 * (the status rules), {@code catalog} (plugin code known on this node), {@code persistence} (the
 * journal's database).
 */
package io.arbor.runtime;
