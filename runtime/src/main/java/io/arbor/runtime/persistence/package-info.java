/**
 * The journal's database: completing the JDBC settings from {@code arbor.persistence} (the embedded
 * H2 file by default, PostgreSQL by URL) and creating the schema at start.
 */
package io.arbor.runtime.persistence;
