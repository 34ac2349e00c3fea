package dev.hookline.collector;

/** The settings of a collector that reads none: any key in its config section is reported as unknown. */
public record NoSettings() {
}
