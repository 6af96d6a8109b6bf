/**
 * The journal's database: completing the JDBC settings from {@code arbor.persistence} (the embedded
 * H2 file by default, PostgreSQL by URL), the connection check at start that fails fast with a typed
 * error naming the database, and keeping an H2 file compact while Arbor runs.
 */
package io.arbor.runtime.persistence;
