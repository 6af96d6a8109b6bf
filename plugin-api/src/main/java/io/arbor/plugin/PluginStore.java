package io.arbor.plugin;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A plugin's key-value store on one node (Malla's service store): safe to use from the plugin's
 * actor, its health check and threads of its own alike. Keys and values are never null (a null is a NullPointerException); values are
 * any object, kept as given (not copied).
 */
public interface PluginStore {

  Optional<Object> get(String key);

  /** Sets {@code key} to {@code value}, replacing what it held. */
  void put(String key, Object value);

  /** Sets {@code key} to {@code value} only if it holds nothing; true if it did so. */
  boolean putIfAbsent(String key, Object value);

  /** Removes {@code key}; true if it held a value. */
  boolean delete(String key);

  Set<String> keys();

  /** A store in this JVM's memory. */
  static PluginStore inMemory() {
    ConcurrentMap<String, Object> entries = new ConcurrentHashMap<>();
    return new PluginStore() {
      @Override
      public Optional<Object> get(String key) {
        return Optional.ofNullable(entries.get(Objects.requireNonNull(key, "key")));
      }

      @Override
      public void put(String key, Object value) {
        entries.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      }

      @Override
      public boolean putIfAbsent(String key, Object value) {
        return entries.putIfAbsent(Objects.requireNonNull(key, "key"),
            Objects.requireNonNull(value, "value")) == null;
      }

      @Override
      public boolean delete(String key) {
        return entries.remove(Objects.requireNonNull(key, "key")) != null;
      }

      @Override
      public Set<String> keys() {
        return Set.copyOf(entries.keySet());
      }
    };
  }
}
