/**
 * Calls. A {@link io.arbor.runtime.chain.ChainSnapshot} per event holds its plugin actors in order;
 * a call is a chain of {@link io.arbor.runtime.chain.Hop} messages from plugin actor to plugin actor
 * (one message per hop) and the last one answers the caller. {@link
 * io.arbor.runtime.chain.EventSupervisor} owns an event's plugin actors and rebuilds its snapshot when
 * the registry changes; the {@link io.arbor.runtime.chain.Watchdog} times out plugins that hang.
 */
package io.arbor.runtime.chain;
