package dev.hookline.linux.e2e;

import dev.hookline.linux.LinuxAuditProvider;
import dev.hookline.linux.scenario.Programs;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Skips a test, saying why, only where this machine lacks what it drives (root and audit, or a program). */
final class Facilities {
    private Facilities() {
    }

    /** The audit collector can run here (root, Linux x86_64, kernel audit reachable). */
    static void assumeAgentCanRun() {
        String why = new LinuxAuditProvider().unsupportedReason();
        skipIf(why != null, "the agent's audit collector cannot run here: " + why);
    }

    /** The program is on PATH; returns its path. */
    static Path assumeProgram(String name) {
        Path p = which(name);
        skipIf(p == null, name + " is not installed (not on PATH " + System.getenv("PATH") + ")");
        return p;
    }

    static Path which(String name) {
        return Programs.which(name);
    }

    static void skipIf(boolean missing, String why) {
        if (missing) {
            System.out.println("SKIPPED (OS lacks the facility): " + why);
        }
        Assumptions.assumeFalse(missing, why);
    }
}
