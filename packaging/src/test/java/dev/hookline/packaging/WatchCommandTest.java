package dev.hookline.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `hookline watch` end to end, as packaged (the runtime image's bin/hookline), on the real kernel: root only, and
 * under the shared audit lock like every test that starts the agent.
 */
class WatchCommandTest {
    private Path image;
    private Path work;

    @BeforeEach
    void setUp() throws IOException {
        Sh.require(Sh.root(), "hookline watch needs root (audit, fanotify, packet sockets)");
        image = Sh.packagingDir().resolve("target/image/hookline/bin/hookline");
        assertTrue(Files.isExecutable(image), image + " missing: packaging/build-image did not run");
        work = Files.createTempDirectory("hookline-watch-test");
    }

    private Sh.Out watch(Map<String, String> env, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(image.toString(), "watch"));
        cmd.addAll(List.of(args));
        return Sh.run(cmd, work, env, 180);
    }

    @Test
    void cleanCommandExitsZeroWithASummaryOfItsWrites() throws IOException {
        Path summary = work.resolve("step-summary.md");
        Sh.Out o = watch(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), "--", "sh", "-c", "echo hi > x; true");
        assertEquals(0, o.code(), o.text());
        assertTrue(o.text().contains("hookline watch: sh -c echo hi > x; true"), o.text());
        assertTrue(o.text().contains(work.toRealPath().resolve("x") + " (FileCreated"), o.text());
        assertTrue(o.text().contains("verdict: no alerts"), o.text());
        String md = Files.readString(summary);
        assertTrue(md.startsWith("### Hookline watch: `sh -c echo hi > x; true`"), md);
        assertTrue(md.contains("Files written in the working directory: 1"), md);
    }

    @Test
    void commandsOwnExitCodeIsPropagatedWhenNoAlertFires() {
        Sh.Out o = watch(Map.of(), "--fail-on", "high", "--", "sh", "-c", "exit 7");
        assertEquals(7, o.code(), o.text());
        assertTrue(o.text().contains("exit code 7"), o.text());
    }

    @Test
    void npmPostinstallRunningCurlFailsTheWatchWithExitThree() throws IOException {
        Sh.require(Sh.onPath("npm") && Sh.onPath("curl"), "npm or curl not installed");
        AtomicInteger hits = new AtomicInteger();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes());
            ex.close();
        });
        http.start();
        try {
            int port = http.getAddress().getPort();
            Path pkg = Files.createDirectories(work.resolve("evil-pkg"));
            Files.writeString(pkg.resolve("package.json"), "{\"name\":\"hl-evil-pkg\",\"version\":\"1.0.0\","
                    + "\"scripts\":{\"postinstall\":\"sh -c \\\"curl http://127.0.0.1:" + port + "/x\\\"\"}}");
            Path proj = Files.createDirectories(work.resolve("proj"));
            Files.writeString(proj.resolve("package.json"), "{\"name\":\"proj\",\"version\":\"1.0.0\"}");
            Path report = work.resolve("report.json");
            List<String> cmd = List.of(image.toString(), "watch", "--fail-on", "high", "--report", report.toString(),
                    "--", "npm", "install", "--install-links", "--no-audit", "--no-fund", "--offline", pkg.toString());
            Sh.Out o = Sh.run(cmd, proj, Map.of("npm_config_cache", work.resolve("npm-cache").toString()), 180);
            assertEquals(3, o.code(), o.text());
            assertTrue(hits.get() > 0, "the postinstall hook did not run:\n" + o.text());
            assertTrue(o.text().contains("high hookline.seed.t1195-001 / PackageManagerSpawnedSuspiciousChild"), o.text());
            assertTrue(o.text().contains("-> 127.0.0.1:" + port), "curl's connection not listed:\n" + o.text());
            assertTrue(o.text().contains("verdict: FAIL"), o.text());
            String json = Files.readString(report);
            assertTrue(json.contains("\"arm\" : \"PackageManagerSpawnedSuspiciousChild\""), json);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void npmInstallOfACleanPackageExitsZero() throws IOException {
        Sh.require(Sh.onPath("npm"), "npm not installed");
        Path pkg = Files.createDirectories(work.resolve("clean-pkg"));
        Files.writeString(pkg.resolve("package.json"), "{\"name\":\"hl-clean-pkg\",\"version\":\"1.0.0\","
                + "\"main\":\"index.js\"}");
        Files.writeString(pkg.resolve("index.js"), "module.exports = 42;\n");
        Path proj = Files.createDirectories(work.resolve("clean-proj"));
        Files.writeString(proj.resolve("package.json"), "{\"name\":\"proj\",\"version\":\"1.0.0\"}");
        List<String> cmd = List.of(image.toString(), "watch", "--fail-on", "high", "--", "npm", "install",
                "--install-links", "--no-audit", "--no-fund", "--offline", pkg.toString());
        Sh.Out o = Sh.run(cmd, proj, Map.of("npm_config_cache", work.resolve("npm-cache").toString()), 180);
        assertEquals(0, o.code(), o.text());
        assertTrue(o.text().contains("verdict: no alerts"), o.text());
    }
}
