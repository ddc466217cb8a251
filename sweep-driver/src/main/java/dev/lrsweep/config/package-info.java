/**
 * Sweep configuration: HOCON defaults ({@code reference.conf}, under {@code lrsweep}), the user's
 * file, then {@code --set key=value} overrides, validated in one pass into a typed {@link
 * dev.lrsweep.config.SweepConfig}. Every problem becomes a {@link dev.lrsweep.config.ConfigError}
 * that names the file and line, the key, the value and the rule; all of them are reported together
 * in one {@link dev.lrsweep.config.SweepConfigException}. {@link dev.lrsweep.config.DataLocator}
 * finds the dataset (config key, its environment variable, its project copy).
 */
package dev.lrsweep.config;
