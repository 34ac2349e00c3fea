package dev.hookline.linux.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Local npm packages and installs: from a directory (offline), or from a loopback registry the scenario serves. */
final class Npm {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Npm() {
    }

    /** Writes {@code <dir>/package.json} with these lifecycle scripts. */
    static Path packageDir(Path dir, String name, Map<String, String> scripts) throws IOException {
        Files.createDirectories(dir);
        ObjectNode pkg = JSON.createObjectNode().put("name", name).put("version", "1.0.0").put("license", "MIT");
        ObjectNode s = pkg.putObject("scripts");
        scripts.forEach(s::put);
        Files.writeString(dir.resolve("package.json"), JSON.writeValueAsString(pkg) + "\n");
        return dir;
    }

    /** npm install of a local package directory into {@code <work>/proj}, offline, copying it (--install-links). */
    static Programs.Result installLocal(Workspace ws, Path pkg) throws IOException, InterruptedException {
        Path proj = Files.createDirectories(ws.dir.resolve("proj"));
        return ws.run(proj, List.of("npm", "install", "--prefix", proj.toString(), "--install-links", "--no-audit",
                "--no-fund", "--offline", pkg.toString()));
    }

    /**
     * Serves {@code name}@1.0.0 as a registry would (metadata document and tarball) on {@code http}; the tarball is
     * the package dir packed by tar, as npm pack lays it out (everything under package/).
     */
    static void publish(Workspace ws, LoopbackHttp http, String name, Path pkgDir) throws Exception {
        Path staging = Files.createDirectories(ws.dir.resolve("registry-staging"));
        Path tgz = staging.resolve(name + "-1.0.0.tgz");
        ws.run(pkgDir.getParent(), List.of("tar", "-czf", tgz.toString(), "--transform",
                "s,^" + pkgDir.getFileName() + ",package,", pkgDir.getFileName().toString()));
        byte[] bytes = Files.readAllBytes(tgz);
        String tarballPath = "/" + name + "/-/" + name + "-1.0.0.tgz";
        ObjectNode doc = JSON.createObjectNode().put("name", name);
        doc.putObject("dist-tags").put("latest", "1.0.0");
        ObjectNode v = doc.putObject("versions").putObject("1.0.0").put("name", name).put("version", "1.0.0");
        v.putObject("dist").put("tarball", http.url(tarballPath)).put("shasum", hex("SHA-1", bytes))
                .put("integrity", "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", bytes)));
        http.serve("/" + name, "application/json", JSON.writeValueAsBytes(doc));
        http.serve(tarballPath, "application/octet-stream", bytes);
    }

    static String tarballPath(String name) {
        return "/" + name + "/-/" + name + "-1.0.0.tgz";
    }

    static byte[] digest(String algorithm, byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance(algorithm).digest(bytes);
    }

    static String hex(String algorithm, byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(digest(algorithm, bytes));
    }
}
