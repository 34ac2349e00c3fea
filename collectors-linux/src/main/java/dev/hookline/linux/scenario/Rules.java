package dev.hookline.linux.scenario;

/**
 * Rule ids and arm names the scenarios expect, in one place (any arm: null). A rule still being written on
 * another branch is expected with {@code Expectation.pending}: the matrix then says "rule not loaded (pending)"
 * until it is merged, and requires it to fire afterwards.
 */
final class Rules {
    static final String SEED_T1195 = "hookline.seed.t1195-001";
    static final String HOOK_CHILD = "PackageManagerSpawnedSuspiciousChild";
    static final String PM_EGRESS = "PackageManagerUnexpectedExternalConnection";
    static final String PIPELINE_FILE = "CICDPipelineFileModified";

    static final String SEED_T1546 = "hookline.seed.t1546-016";
    static final String INSTALLER_CHILD = "INSTALLER_CHILD_PROCESS";

    static final String PM_NETWORK_TOOL = "hookline.pm-network-tool";
    static final String PM_REVERSE_SHELL = "hookline.pm-reverse-shell";
    static final String MAINTAINER_NETWORK = "hookline.maintainer-script-network";
    static final String PM_WRITES_WORKFLOW = "hookline.pm-writes-ci-workflow";
    static final String PM_SECRET_HARVEST = "hookline.pm-secret-harvest";
    static final String RUNNER_MEMORY = "hookline.runner-memory-read";
    static final String PREINSTALL_MINER = "hookline.preinstall-miner";
    static final String SHAI_HULUD = "hookline.shai-hulud-postinstall";
    static final String PM_NONREGISTRY_PORT = "hookline.pm-nonregistry-port";
    static final String PM_RECON = "hookline.pm-recon-credential-read";

    /** A file a download tool wrote, run soon after (content work, merged). */
    static final String DOWNLOADED_EXEC = "hookline.downloaded-file-executed";
    /** A package install pointed at a non-default registry or index (content work, merged). */
    static final String NONDEFAULT_REGISTRY = "hookline.pm-nondefault-registry";

    /**
     * The Sentinel analytic rule "Potential Build Process Compromise - MDE" (Azure-Sentinel, not shipped: loaded
     * with `scenarios run --rules FILE`); a scheduled rule, so any alert of it counts.
     */
    static final String SENTINEL_BUILD_PROCESS = "1bf6e165-5e32-420e-ab4f-0da8558a8be2";

    static final String LOOPBACK_BY_DESIGN = "the published query only reports RemoteIPType \"Public\": a loopback "
            + "registry or host is outside it by design";

    private Rules() {
    }
}
