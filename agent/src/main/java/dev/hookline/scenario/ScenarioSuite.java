package dev.hookline.scenario;

import java.util.List;

/**
 * The scenarios of one platform, found at run time with {@link java.util.ServiceLoader}
 * (META-INF/services/dev.hookline.scenario.ScenarioSuite), so the portable runner never links OS code.
 */
public interface ScenarioSuite {
    /** e.g. "linux". */
    String name();

    /** False for another OS: skipped silently. */
    boolean forThisPlatform();

    /** Null when the scenarios can run here (root, kernel audit); otherwise why not, in words a person can act on. */
    String unsupportedReason();

    List<Scenario> scenarios();
}
