package dev.hookline.schedule;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Sentinel analytic rules of ../shared/corpora/sentinel-rules (read there, never copied into the repository). */
public final class SentinelCorpus {
    public static final String BUILD_PROCESS =
            "Solutions__Microsoft Defender XDR__Analytic Rules__PotentialBuildProcessCompromiseMDE.yaml";
    public static final String TASKKILL =
            "Solutions__Microsoft Defender XDR__Analytic Rules__Ransomware__MultiProcessKillWithTaskKill.yaml";
    public static final String SHADOW_COPY =
            "Solutions__Microsoft Defender XDR__Analytic Rules__Ransomware__ShadowCopyDeletion.yaml";

    private SentinelCorpus() {
    }

    public static Path dir() {
        String p = System.getProperty("hookline.sentinel.rules");
        return p != null ? Path.of(p) : Path.of("../../shared/corpora/sentinel-rules");
    }

    /** The rule file, or the test is skipped with the reason printed. */
    public static Path rule(String name) {
        Path f = dir().resolve(name);
        if (!Files.isRegularFile(f)) {
            System.out.println("SKIPPED: Sentinel rule corpus file not found: " + f.toAbsolutePath()
                    + " (expected ../shared/corpora/sentinel-rules beside the repository)");
        }
        assumeTrue(Files.isRegularFile(f), "Sentinel rule corpus not found at " + f.toAbsolutePath());
        return f;
    }
}
