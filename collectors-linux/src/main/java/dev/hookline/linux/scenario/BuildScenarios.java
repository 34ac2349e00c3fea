package dev.hookline.linux.scenario;

import dev.hookline.scenario.Expectation;
import dev.hookline.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Build tampering (SUNSPOT, the SolarWinds build implant): a source file modified while a build runs, caught by
 * the scheduled Sentinel rule "Potential Build Process Compromise - MDE" in the running agent.
 */
final class BuildScenarios {
    /** The rule joins build and edit on bin(TimeGenerated, 5m): both must fall in one five-minute bin. */
    private static final long BIN_MILLIS = TimeUnit.MINUTES.toMillis(5);
    private static final long MARGIN_MILLIS = TimeUnit.SECONDS.toMillis(20);

    private BuildScenarios() {
    }

    static List<Scenario> all() {
        return List.of(sourceModifiedDuringBuild());
    }

    /**
     * GNU make builds a C++ source with cc, and a step of the build appends a function to that source first (as an
     * implant rewriting sources during the build would). The published rule only knows Windows build images
     * (MSBuild.exe, dotnet.exe, VBCSCompiler.exe: `FileName has_any`), so make runs under the .NET CLI's image name,
     * dotnet.exe, the way the other scenarios give real programs the names their rules expect.
     */
    static Scenario sourceModifiedDuringBuild() {
        return LinuxScenario.attack("build-source-modified-during-build",
                "Sentinel: Potential Build Process Compromise - MDE (SUNSPOT, SolarWinds 2020)",
                "a build (GNU make named dotnet.exe, cc) during which a step appends code to src/Payment.cpp",
                List.of("make", "sh", "cc"),
                List.of(Expectation.pending(Rules.SENTINEL_BUILD_PROCESS, null,
                        "a Sentinel analytic rule, not shipped: load its file with `hookline scenarios run --rules"
                                + " FILE` (Azure-Sentinel, Solutions/Microsoft Defender XDR/Analytic Rules/"
                                + "PotentialBuildProcessCompromiseMDE.yaml)")),
                ws -> {
                    ws.write("app/src/Payment.cpp", "int pay(int cents) { return cents; }\n");
                    ws.write("app/Makefile", String.join("\n",
                            "all: Payment.o",
                            "Payment.o: src/Payment.cpp",
                            "\tsh -c 'echo \"int implant(void) { return 0; }\" >> src/Payment.cpp'",
                            "\tcc -x c -c src/Payment.cpp -o Payment.o",
                            ""));
                    Path build = ws.fakeTool("dotnet.exe", "make");
                    awayFromABinEdge();
                    ws.run(ws.dir.resolve("app"), List.of(build.toString(), "-C", ws.dir.resolve("app").toString()));
                    IncidentScenarios.requireFile(ws.dir.resolve("app/Payment.o"), "the build did not compile");
                });
    }

    /** Waits out the last seconds of a five-minute bin, so build and edit share one bin as on a real runner. */
    private static void awayFromABinEdge() throws InterruptedException {
        long intoBin = System.currentTimeMillis() % BIN_MILLIS;
        if (intoBin > BIN_MILLIS - MARGIN_MILLIS) {
            Thread.sleep(BIN_MILLIS - intoBin + 1000);
        }
    }
}
