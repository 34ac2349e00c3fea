package dev.hookline.linux.scenario;

/**
 * Rule ids and arm names the scenarios expect, in one place. The two PENDING ones are added to the Hookline pack
 * on another branch (content work: "downloaded file made executable and run", "install from a non-default
 * registry"); until that is merged the matrix reports them as "rule not loaded (pending)". Any arm: null.
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

    /** Pending (content branch): a downloaded file made executable and run. */
    static final String PENDING_DOWNLOAD_EXEC = "hookline.download-chmod-exec";
    /** Pending (content branch): a package install from a non-default registry or index. */
    static final String PENDING_NONDEFAULT_REGISTRY = "hookline.pm-nondefault-registry";
    static final String PENDING_NOTE = "added to the Hookline pack by the content branch; expected once merged";

    static final String LOOPBACK_BY_DESIGN = "the published query only reports RemoteIPType \"Public\": a loopback "
            + "registry or host is outside it by design";

    private Rules() {
    }
}
