/**
 * Install provenance: which package manager, package, version and install step a process runs under (npm
 * postinstall, pip's setup.py, a cargo build.rs, a dpkg maintainer script...), read from what the managers set for
 * their scripts (environment, script paths, working directory). Portable parsers and the resolver a collector calls
 * at exec; the OS reads come through {@link dev.hookline.install.InstallProbe}. Part of the collector API: depends
 * only on schema.
 */
package dev.hookline.install;
