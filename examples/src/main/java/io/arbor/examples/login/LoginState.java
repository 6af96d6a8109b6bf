package io.arbor.examples.login;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of {@code user.after_login}: who logged in and from where, plus what the plugins add.
 * Immutable: a plugin returns a changed copy made with {@link #withData} or {@link #withNote}.
 *
 * @param data values the plugins add (session id, greeting, ...), in the order they were added
 * @param notes one line per plugin that had something to say
 */
public record LoginState(String userId, String userName, String ip, Map<String, String> data, List<String> notes) {
  public LoginState {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(ip, "ip");
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    notes = List.copyOf(notes);
  }

  public static LoginState of(String userId, String userName, String ip) {
    return new LoginState(userId, userName, ip, Map.of(), List.of());
  }

  public LoginState withData(String key, String value) {
    Map<String, String> next = new LinkedHashMap<>(data);
    next.put(key, value);
    return new LoginState(userId, userName, ip, next, notes);
  }

  public LoginState withNote(String note) {
    List<String> next = new ArrayList<>(notes);
    next.add(note);
    return new LoginState(userId, userName, ip, data, next);
  }
}
