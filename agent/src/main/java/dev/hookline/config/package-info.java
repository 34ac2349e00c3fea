/**
 * The agent config (YAML) with its loading, validation, file-permission check, and secrets (from the config or the
 * environment, never printed); each collector's section bound to the settings record its provider declares. Must not depend on the agent or on any output it configures beyond their setting
 * types.
 */
package dev.hookline.config;
