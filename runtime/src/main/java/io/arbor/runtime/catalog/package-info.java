/**
 * The plugin code this node can run: definitions registered in code or discovered on the class path.
 * The registry says which plugins exist cluster-wide; the catalog says which of them this node can
 * load.
 */
package io.arbor.runtime.catalog;
