package dev.hookline.linux.scenario;

import static dev.hookline.linux.scenario.IncidentScenarios.requireFile;
import static dev.hookline.linux.scenario.PersistenceScenarios.claimAbsent;
import static dev.hookline.scenario.Expectation.caught;

import dev.hookline.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Issue 33, the rest of the Linux pack live: PAM, the loader's preload list, systemd units and generators, XDG
 * autostart, udev rules, authorized_keys, the resolver files and the Docker socket, each written (or driven) by a
 * real npm, pip or dpkg install of a local package. Harmless by construction: new system files are claimed only
 * when absent and hold a comment (a PAM service file no program uses, a unit nothing enables, a generator that is
 * not executable, a udev rule with no match); /etc/ld.so.preload is created empty and removed by the same script
 * (an empty list preloads nothing, and no library path is ever written); /etc/hosts, resolv.conf and
 * nsswitch.conf get a comment line appended and are put back byte-exact ({@link SystemFileRestore}); per-user
 * files go under a HOME of the scenario's own. System files are written through tee, whose command line names the
 * work dir ({@link #tee}). The controls: dpkg writing the same kinds of files its package
 * lists, an install that only reads the resolver files, the socket used by hand outside any install.
 */
final class TamperingScenarios {
    static final String PAM = "hookline.pm-writes-pam";
    static final String LD_PRELOAD = "hookline.pm-writes-ld-preload";
    static final String SYSTEMD = "hookline.pm-writes-systemd";
    static final String XDG = "hookline.pm-writes-xdg-autostart";
    static final String UDEV = "hookline.pm-writes-udev-rule";
    static final String AUTHORIZED_KEYS = "hookline.pm-writes-authorized-keys";
    static final String RESOLV = "hookline.pm-writes-resolv-conf";
    static final String HOSTS = "hookline.pm-writes-hosts-file";
    static final String NSSWITCH = "hookline.pm-writes-nsswitch";
    static final String CONTAINER = "hookline.pm-container-socket";

    private static final String COMMENT = "# hookline scenario: comment only";

    private TamperingScenarios() {
    }

    static List<Scenario> all() {
        return List.of(npmWritesPamD(), pipTouchesLdSoPreload(), dpkgPostinstWritesSystemdUnit(),
                pipWritesSystemdGenerator(), npmWritesUserUnit(), pipWritesXdgAutostart(), dpkgPostinstWritesUdevRule(),
                npmAppendsAuthorizedKeys(), dpkgPostinstAppendsResolvConf(), npmAppendsHosts(), pipAppendsNsswitch(),
                npmCurlsDockerSocket(), dpkgListsPamUnitUdevAutostart(), npmReadsResolverFiles(),
                dockerSocketOutsideInstall());
    }

    /** A shell line appending the comment to {@code file} (a file of the work dir: the shell writes it itself). */
    private static String append(Path file) {
        return "printf '" + COMMENT + "\\n' >> " + file;
    }

    /**
     * A shell line appending the comment to a system file through tee, which also writes {@code <work>/tee-copy}:
     * the writer's command line then names the work dir, by which the runner tells this scenario's alerts from
     * others'. A shell builtin writing {@code /etc/...} leaves a row that names only the system path, and the
     * alert belongs to the scenario only through its process ancestry, which one full-suite run did not carry.
     */
    private static String tee(Workspace ws, Path file) {
        return "printf '" + COMMENT + "\\n' | tee -a " + file + " " + ws.dir.resolve("tee-copy") + " > /dev/null";
    }

    /** The same from Python (setup.py): tee, given the comment on its stdin. */
    private static String pyTee(Workspace ws, Path file, String text) {
        return "import subprocess\nsubprocess.run(['tee', '-a', " + IncidentScenarios.py(file.toString()) + ", "
                + IncidentScenarios.py(ws.dir.resolve("tee-copy").toString()) + "], input=b'" + text
                + "', stdout=subprocess.DEVNULL, check=True)";
    }

    static Scenario npmWritesPamD() {
        return LinuxScenario.attack("npm-postinstall-writes-pam-d", "issue 33: PAM configuration from an install",
                "npm postinstall writing a comment-only /etc/pam.d/zz-hookline-scn (a service file no program names), "
                        + "removed afterwards",
                List.of("npm", "node"),
                List.of(caught(PAM, "InstallWritesPamConfig")),
                ws -> {
                    Path f = claimAbsent(ws, "/etc/pam.d/zz-hookline-scn");
                    Npm.installLocal(ws, Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-pam",
                            Map.of("postinstall", tee(ws, f))));
                    requireFile(f, "the postinstall did not write the PAM file");
                });
    }

    static Scenario pipTouchesLdSoPreload() {
        return LinuxScenario.attack("pip-sdist-touches-ld-so-preload", "issue 33: loader preload list from an install",
                "pip install of a local sdist whose setup.py creates an empty /etc/ld.so.preload and removes it at "
                        + "once (only when absent: no library path is ever written)",
                List.of("python3", "tar"),
                List.of(caught(LD_PRELOAD, "InstallWritesLoaderConfig")),
                ws -> {
                    Path f = claimAbsent(ws, "/etc/ld.so.preload");
                    Pip.installLocal(ws, Pip.sdist(ws, "hookline-scn-preload", pyTee(ws, f, "") + "\nimport os\nos.remove("
                            + IncidentScenarios.py(f.toString()) + ")", "hookline_scn_preload"));
                    if (Files.exists(f)) {
                        throw new IOException(f + " is still there after the install");
                    }
                });
    }

    static Scenario dpkgPostinstWritesSystemdUnit() {
        return LinuxScenario.attack("dpkg-postinst-writes-systemd-unit", "issue 33: systemd unit from a maintainer script",
                "a .deb whose postinst writes /etc/systemd/system/zz-hookline-scn.service (a comment; nothing "
                        + "enables or reloads it), a file the package does not list; purged and removed afterwards",
                List.of("dpkg", "dpkg-deb"),
                List.of(caught(SYSTEMD, "InstallWritesSystemdUnit")),
                ws -> {
                    Path f = claimAbsent(ws, "/etc/systemd/system/zz-hookline-scn.service");
                    String name = "hookline-scn-unit-postinst";
                    Deb.install(ws, Deb.build(ws, name, "#!/bin/sh\nset -e\n" + tee(ws, f) + "\n"), name);
                    requireFile(f, "the postinst did not write the unit");
                });
    }

    static Scenario pipWritesSystemdGenerator() {
        return LinuxScenario.attack("pip-sdist-writes-systemd-generator", "issue 33: systemd generator from an install",
                "pip install of a local sdist whose setup.py writes /etc/systemd/system-generators/zz-hookline-scn "
                        + "(a comment, not executable: systemd would skip it), removed afterwards",
                List.of("python3", "tar"),
                List.of(caught(SYSTEMD, "InstallWritesSystemdGenerator")),
                ws -> {
                    Path f = claimAbsent(ws, "/etc/systemd/system-generators/zz-hookline-scn");
                    Pip.installLocal(ws, Pip.sdist(ws, "hookline-scn-generator", pyTee(ws, f, COMMENT + "\\n"),
                            "hookline_scn_generator"));
                    requireFile(f, "setup.py did not write the generator");
                });
    }

    static Scenario npmWritesUserUnit() {
        return LinuxScenario.attack("npm-postinstall-writes-user-unit", "issue 33: systemd user unit from an install",
                "npm postinstall writing <work>/home/.config/systemd/user/zz-hookline-scn.service (a HOME of its own)",
                List.of("npm", "node", "mkdir"),
                List.of(caught(SYSTEMD, "InstallWritesSystemdUnit")),
                ws -> {
                    Path dir = ws.dir.resolve("home/.config/systemd/user");
                    Path f = dir.resolve("zz-hookline-scn.service");
                    Npm.installLocal(ws, Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-user-unit",
                            Map.of("postinstall", "mkdir -p " + dir + " && " + append(f))));
                    requireFile(f, "the postinstall did not write the user unit");
                });
    }

    static Scenario pipWritesXdgAutostart() {
        return LinuxScenario.attack("pip-sdist-writes-xdg-autostart", "issue 33: desktop autostart entry from an install",
                "pip install of a local sdist whose setup.py writes <work>/home/.config/autostart/zz-hookline-scn"
                        + ".desktop (a comment; a HOME of its own)",
                List.of("python3", "tar"),
                List.of(caught(XDG, "InstallWritesXdgAutostart")),
                ws -> {
                    Path dir = Files.createDirectories(ws.dir.resolve("home/.config/autostart"));
                    Path f = dir.resolve("zz-hookline-scn.desktop");
                    Pip.installLocal(ws, Pip.sdist(ws, "hookline-scn-autostart", "open(" + IncidentScenarios.py(
                            f.toString()) + ", 'w').write('" + COMMENT + "\\n')", "hookline_scn_autostart"));
                    requireFile(f, "setup.py did not write the autostart entry");
                });
    }

    static Scenario dpkgPostinstWritesUdevRule() {
        return LinuxScenario.attack("dpkg-postinst-writes-udev-rule", "issue 33: udev rule from a maintainer script",
                "a .deb whose postinst writes /etc/udev/rules.d/99-zz-hookline-scn.rules (a comment: matches no "
                        + "device), unlisted; /etc/udev/rules.d is made and removed when absent; purged afterwards",
                List.of("dpkg", "dpkg-deb"),
                List.of(caught(UDEV, "InstallWritesUdevRule")),
                ws -> {
                    Path f = claimAbsent(ws, "/etc/udev/rules.d/99-zz-hookline-scn.rules");
                    String name = "hookline-scn-udev-postinst";
                    Deb.install(ws, Deb.build(ws, name, "#!/bin/sh\nset -e\n" + tee(ws, f) + "\n"), name);
                    requireFile(f, "the postinst did not write the udev rule");
                });
    }

    static Scenario npmAppendsAuthorizedKeys() {
        return LinuxScenario.attack("npm-postinstall-appends-authorized-keys", "issue 33: SSH key planted by an install",
                "npm postinstall appending a comment line to <work>/home/.ssh/authorized_keys (a HOME of its own)",
                List.of("npm", "node", "mkdir"),
                List.of(caught(AUTHORIZED_KEYS, "InstallWritesAuthorizedKeys")),
                ws -> {
                    Path ssh = ws.dir.resolve("home/.ssh");
                    Path f = ssh.resolve("authorized_keys");
                    Npm.installLocal(ws, Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-ssh-key",
                            Map.of("postinstall", "mkdir -p " + ssh + " && " + append(f))));
                    requireFile(f, "the postinstall did not write authorized_keys");
                });
    }

    static Scenario dpkgPostinstAppendsResolvConf() {
        return LinuxScenario.attack("dpkg-postinst-appends-resolv-conf", "issue 33: resolver rewritten by an install",
                "a .deb whose postinst appends a comment line to /etc/resolv.conf; the file is put back byte-exact "
                        + "(content, mode, time) afterwards, also when the scenario fails; purged afterwards",
                List.of("dpkg", "dpkg-deb"),
                List.of(caught(RESOLV, "InstallWritesResolvConf")),
                ws -> {
                    SystemFileRestore f = SystemFileRestore.guard(ws, "/etc/resolv.conf");
                    String name = "hookline-scn-resolv-postinst";
                    Deb.install(ws, Deb.build(ws, name, "#!/bin/sh\nset -e\n" + tee(ws, f.path()) + "\n"), name);
                    requireGrew(f);
                });
    }

    static Scenario npmAppendsHosts() {
        return LinuxScenario.attack("npm-postinstall-appends-hosts", "issue 33: hosts file rewritten by an install",
                "npm postinstall appending a comment line to /etc/hosts; put back byte-exact afterwards, also when the "
                        + "scenario fails",
                List.of("npm", "node"),
                List.of(caught(HOSTS, "InstallWritesHostsFile")),
                ws -> {
                    SystemFileRestore f = SystemFileRestore.guard(ws, "/etc/hosts");
                    Npm.installLocal(ws, Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-hosts",
                            Map.of("postinstall", tee(ws, f.path()))));
                    requireGrew(f);
                });
    }

    static Scenario pipAppendsNsswitch() {
        return LinuxScenario.attack("pip-sdist-appends-nsswitch", "issue 33: name service switch rewritten by an install",
                "pip install of a local sdist whose setup.py appends a comment line to /etc/nsswitch.conf; put back "
                        + "byte-exact afterwards, also when the scenario fails",
                List.of("python3", "tar"),
                List.of(caught(NSSWITCH, "InstallWritesNsswitch")),
                ws -> {
                    SystemFileRestore f = SystemFileRestore.guard(ws, "/etc/nsswitch.conf");
                    Pip.installLocal(ws, Pip.sdist(ws, "hookline-scn-nsswitch", pyTee(ws, f.path(), COMMENT + "\\n"),
                            "hookline_scn_nsswitch"));
                    requireGrew(f);
                });
    }

    static Scenario npmCurlsDockerSocket() {
        return LinuxScenario.attack("npm-postinstall-curls-docker-sock", "issue 33: container daemon driven by an install",
                "npm postinstall running curl --unix-socket <work>/docker.sock http://localhost/version against a "
                        + "socket the runner serves (no docker engine, /var/run/docker.sock untouched)",
                List.of("npm", "node", "curl"),
                List.of(caught(CONTAINER, "InstallDrivesContainerDaemon")),
                ws -> {
                    FakeDockerSocket sock = ws.closeLater(new FakeDockerSocket(ws.dir));
                    Npm.installLocal(ws, Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-docker-sock",
                            Map.of("postinstall", "curl -sf --unix-socket " + sock.path() + " http://localhost/version")));
                    requireRequest(sock);
                });
    }

    static Scenario dpkgListsPamUnitUdevAutostart() {
        return LinuxScenario.benign("benign-dpkg-lists-pam-unit-udev-autostart",
                "a .deb that lists /etc/pam.d/zz-hookline-scn-listed, /etc/systemd/system/zz-hookline-scn-listed"
                        + ".service, /etc/udev/rules.d/99-zz-hookline-scn-listed.rules and /etc/xdg/autostart/"
                        + "zz-hookline-scn-listed.desktop (comments): dpkg writes them, then --purge",
                List.of("dpkg", "dpkg-deb"),
                ws -> {
                    List<Path> files = List.of(claimAbsent(ws, "/etc/pam.d/zz-hookline-scn-listed"),
                            claimAbsent(ws, "/etc/systemd/system/zz-hookline-scn-listed.service"),
                            claimAbsent(ws, "/etc/udev/rules.d/99-zz-hookline-scn-listed.rules"),
                            claimAbsent(ws, "/etc/xdg/autostart/zz-hookline-scn-listed.desktop"));
                    Map<String, String> listed = new java.util.LinkedHashMap<>();
                    files.forEach(f -> listed.put(f.toString(), COMMENT + "\n"));
                    String name = "hookline-scn-listed-units";
                    Deb.install(ws, Deb.build(ws, name, null, listed), name);
                    for (Path f : files) {
                        requireFile(f, "dpkg did not install a listed file");
                    }
                });
    }

    static Scenario npmReadsResolverFiles() {
        return LinuxScenario.benign("benign-npm-reads-resolver-files",
                "npm postinstall reading /etc/hosts, /etc/resolv.conf and /etc/nsswitch.conf (as any name lookup "
                        + "does) without writing them",
                List.of("npm", "node", "cat"),
                ws -> Npm.installLocal(ws, Npm.packageDir(ws.dir.resolve("pkg"), "hookline-scn-reads-resolver",
                        Map.of("postinstall", "cat /etc/hosts /etc/resolv.conf /etc/nsswitch.conf > /dev/null"))));
    }

    static Scenario dockerSocketOutsideInstall() {
        return LinuxScenario.benign("benign-docker-sock-outside-install",
                "curl --unix-socket <work>/docker.sock http://localhost/version run by hand, below no package manager",
                List.of("curl"),
                ws -> {
                    FakeDockerSocket sock = ws.closeLater(new FakeDockerSocket(ws.dir));
                    ws.run(ws.dir, List.of("curl", "-sf", "--unix-socket", sock.path().toString(),
                            "http://localhost/version"));
                    requireRequest(sock);
                });
    }

    private static void requireGrew(SystemFileRestore f) throws IOException {
        if (!f.grew()) {
            throw new IOException("the install script did not append to " + f.path());
        }
    }

    private static void requireRequest(FakeDockerSocket sock) throws IOException {
        if (sock.requests() == 0) {
            throw new IOException("nothing talked to " + sock.path());
        }
    }
}
