/**
 * Health reports: each plugin's optional health check, run time-boxed away from the call path, and
 * the plugin, event and overall reports built from it, the registry's statuses and the chains.
 */
package io.arbor.runtime.health;
