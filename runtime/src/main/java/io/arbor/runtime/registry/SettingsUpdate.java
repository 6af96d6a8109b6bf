package io.arbor.runtime.registry;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.arbor.runtime.ArborSerializable;
import java.util.Map;

/**
 * One plugin's part of a live configuration update, as the node it was made on validated it: sent
 * to the registry, which applies it only if the plugin's settings are still {@code expected}.
 *
 * @param expected the plugin's settings the update was merged over and validated against
 * @param override the runtime override from now on (null: none, the declared settings)
 * @param update what the operator sent (null for a reset), kept for the history
 */
public record SettingsUpdate(
    String plugin,
    @JsonSerialize(using = JournaledSettings.Writer.class) @JsonDeserialize(using = JournaledSettings.Reader.class)
    Map<String, Object> expected,
    @JsonSerialize(using = JournaledSettings.Writer.class) @JsonDeserialize(using = JournaledSettings.Reader.class)
    Map<String, Object> override,
    @JsonSerialize(using = JournaledSettings.Writer.class) @JsonDeserialize(using = JournaledSettings.Reader.class)
    Map<String, Object> update) implements ArborSerializable {}
