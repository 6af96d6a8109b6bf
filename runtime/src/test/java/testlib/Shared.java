package testlib;

/** A library class the application has; a test artifact brings its own copy, which must win inside the artifact. */
public final class Shared {
  private Shared() {}

  public static String origin() {
    return "application";
  }
}
