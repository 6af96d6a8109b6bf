package io.arbor.runtime.install;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one installed artifact version. Its delegation rule is named and visible:
 * {@link #PARENT_FIRST} (the platform, Arbor with its plugin API, Pekko with Scala and Typesafe Config,
 * SLF4J) and the caller's extra prefixes always come from the application, so an installed plugin
 * implements the very {@code Plugin} interface the runtime calls and sees the application's state
 * classes; every other class is looked up in the artifact first (its own dependencies win over the
 * application's copies), then in the application. Closing it closes the JAR files; once nothing
 * references the loader or its classes, it is garbage-collected.
 */
public final class PluginClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  /** Name prefixes always loaded from the application. */
  public static final List<String> PARENT_FIRST = List.of(
      "java.", "javax.", "jdk.", "sun.", "com.sun.",
      "io.arbor.plugin.", "io.arbor.runtime.",
      "org.apache.pekko.", "scala.", "com.typesafe.config.",
      "org.slf4j.");

  private final List<String> parentFirst;

  /**
   * @param name shown in stack traces and heap dumps, for example {@code greeter-1.2.0}
   * @param jars the artifact and its own dependencies
   * @param extraParentFirst more prefixes or class names to take from the application (for example the
   *     packages of its events' state classes)
   */
  public PluginClassLoader(String name, List<URL> jars, ClassLoader parent, List<String> extraParentFirst) {
    super(name, jars.toArray(URL[]::new), parent);
    List<String> prefixes = new ArrayList<>(PARENT_FIRST);
    prefixes.addAll(extraParentFirst);
    this.parentFirst = List.copyOf(prefixes);
  }

  /** Whether {@code className} is taken from the application rather than the artifact. */
  public boolean fromApplication(String className) {
    return parentFirst.stream().anyMatch(prefix -> prefix.endsWith(".") ? className.startsWith(prefix) : className.equals(prefix));
  }

  /** {@code a/b/C.class} as {@code a.b.C}, so that resources follow the same rule as classes. */
  private static String classNameOf(String resource) {
    String name = resource.endsWith(".class") ? resource.substring(0, resource.length() - ".class".length()) : resource;
    return name.replace('/', '.');
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        if (fromApplication(name)) {
          try {
            loaded = getParent().loadClass(name);
          } catch (ClassNotFoundException notInApplication) {
            loaded = findClass(name); // a package the application does not have (a library's own, say): the artifact's
          }
        } else {
          try {
            loaded = findClass(name);
          } catch (ClassNotFoundException notInArtifact) {
            loaded = getParent().loadClass(name);
          }
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  public URL getResource(String name) {
    if (fromApplication(classNameOf(name))) {
      return getParent().getResource(name);
    }
    URL own = findResource(name);
    return own != null ? own : getParent().getResource(name);
  }

  /**
   * The artifact's resources first, then the application's (so ServiceLoader finds the artifact's
   * providers); for a name taken from the application, the application's alone.
   */
  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (fromApplication(classNameOf(name))) {
      return getParent().getResources(name);
    }
    List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
    all.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(all);
  }
}
