/**
 * Plugin JARs installed while the application runs: where an artifact may come from ({@link
 * io.arbor.runtime.install.ArtifactSource}, {@link io.arbor.runtime.install.SourcePolicy}, {@link
 * io.arbor.runtime.install.MavenResolution}, {@link io.arbor.runtime.install.UrlDownload}, put together by {@link
 * io.arbor.runtime.install.ArtifactFetch}), what an archive must pass before any of it is loaded
 * ({@link io.arbor.runtime.install.ArchiveCheck}, {@link io.arbor.runtime.install.SignatureCheck}), which plugins it brings and whether their state
 * types fit ({@link io.arbor.runtime.install.PluginScan}), which versions replace which ({@link
 * io.arbor.runtime.install.VersionOrder}, {@link io.arbor.runtime.install.InstallPlan}), where the artifacts' bytes are kept for every node ({@link
 * io.arbor.runtime.install.ArtifactStore}), and the class loader of each artifact version ({@link
 * io.arbor.runtime.install.PluginClassLoader}). The rules are plain classes, tested without actors.
 */
package io.arbor.runtime.install;
