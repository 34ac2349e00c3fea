package dev.hookline.install;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides a new process image's install context at its exec. The rule that keeps the exec path cheap: a process
 * whose parent is not a package manager and carries no context, or carries an identified one, costs a map lookup
 * (and inherits). Only a child of a manager ({@link Managers}), or of a process under a manager whose package is not
 * known yet, has its environment read, then its paths, then a metadata file for the version.
 * <p>
 * A nested install (a postinstall that runs {@code npm install other}) works because the inner npm is a manager
 * again: its script children are looked at afresh and attributed to their own package.
 */
public final class InstallResolver {
    /** The parent as the process table knows it: the manager it is ({@link Managers}, or null) and its context. */
    public record Parent(String manager, InstallContext context) {
        /** The parent from its file name and command line (the collector caches the manager on the process). */
        public static Parent of(String fileName, String commandLine, InstallContext context) {
            return new Parent(Managers.of(fileName, commandLine), context);
        }
    }

    static final String DPKG_STATUS = "/var/lib/dpkg/status";
    static final String DPKG_UPDATES = "/var/lib/dpkg/updates";
    static final String DPKG_NEW_CONTROL = "/var/lib/dpkg/tmp.ci/control";
    private final InstallProbe probe;
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong identified = new AtomicLong();

    public InstallResolver(InstallProbe probe) {
        this.probe = probe == null ? InstallProbe.NONE : probe;
    }

    /**
     * @param pid the process (its environment is read while it lives)
     * @param image the new image's path (or file name)
     * @param commandLine the new image's command line
     * @return the context, or null when the process is not under a package manager
     */
    public InstallContext resolve(long pid, String image, String commandLine, Parent parent) {
        return parent == null ? null : resolve(pid, image, commandLine, parent.manager(), parent.context());
    }

    /**
     * The same without a Parent object, for the exec path: a parent that is no manager and has no context (or an
     * identified one) returns at the first test, allocating nothing.
     *
     * @param parentManager what the parent is ({@link Managers#of}), or null
     * @param inherited the parent's context, or null
     */
    public InstallContext resolve(long pid, String image, String commandLine, String parentManager,
                                  InstallContext inherited) {
        return resolve(pid, image, commandLine, parentManager, null, inherited);
    }

    /**
     * The same for collectors that see command lines but no environment (Windows, macOS): when the environment and
     * paths say nothing, the parent manager's own command line may ({@link ManagerCommandLine}).
     *
     * @param parentCommandLine the parent's command line, or null
     */
    public InstallContext resolve(long pid, String image, String commandLine, String parentManager,
                                  String parentCommandLine, InstallContext inherited) {
        return resolve(pid, image, commandLine, parentManager, parentCommandLine, inherited, null);
    }

    /**
     * The same with the working directory the exec record carried (Linux audit's CWD record): a script that is one
     * shell builtin has exited before its /proc entry is read, but its exec still says where it ran, and a
     * lifecycle script runs in its package's directory ({@code .../node_modules/<pkg>}, or the project root).
     *
     * @param execCwd the working directory at the exec, or null; /proc's, when readable, is used first
     */
    public InstallContext resolve(long pid, String image, String commandLine, String parentManager,
                                  String parentCommandLine, InstallContext inherited, String execCwd) {
        InstallContext c = resolveOwn(pid, image, commandLine, parentManager, inherited, execCwd);
        if (parentManager == null || parentCommandLine == null || c != null && c.identified()) {
            return c;
        }
        InstallContext named = ManagerCommandLine.context(parentManager, parentCommandLine);
        if (named == null) {
            return c;
        }
        InstallContext result = c == null ? named : c.orElse(named);
        if (result.identified()) {
            identified.incrementAndGet();
        }
        return result;
    }

    /**
     * True when {@link #resolve} would look at the process (a child of a manager, or below one whose package is not
     * known yet): the exec path fetches what only such a look needs (the exec's working directory) on this test.
     */
    public static boolean looksAt(String parentManager, InstallContext inherited) {
        return parentManager != null || inherited != null && !inherited.identified();
    }

    private InstallContext resolveOwn(long pid, String image, String commandLine, String parentManager,
                                      InstallContext inherited, String execCwd) {
        String manager = parentManager;
        if (manager == null && (inherited == null || inherited.identified())) {
            return inherited;
        }
        lookups.incrementAndGet();
        String imageFileName = image == null ? null : image.substring(image.lastIndexOf('/') + 1);
        Map<String, String> env = probe.environ(pid);
        InstallContext found = EnvironmentParser.parse(env, imageFileName);
        String metadata = null;
        if (found == null || !found.identified()) {
            String live = probe.cwd(pid);
            String cwd = live != null ? live : execCwd;
            PathParser.Found byPath = PathParser.parse(commandLine, cwd);
            String node = nodeManager(manager, inherited);
            if (byPath == null && env == null && cwd != null) {
                // Gone before its environment was read: a node manager's script that ran outside node_modules is
                // the project's own (root package) script, named by the package.json where it ran.
                byPath = projectRoot(node, cwd);
            } else if (byPath != null && node != null && "npm".equals(byPath.context().manager())) {
                // a node_modules path says npm; the manager above says which one (pnpm, yarn, bun)
                InstallContext p = byPath.context();
                byPath = new PathParser.Found(new InstallContext(node, p.packageName(), p.version(), p.phase(),
                        p.projectDir()), byPath.metadataFile());
            }
            if (byPath != null) {
                found = found == null ? byPath.context() : found.orElse(byPath.context());
                metadata = byPath.metadataFile();
            } else if (found != null && "pip".equals(found.manager()) && cwd != null) {
                // pip builds a local directory in place: its PKG-INFO (an sdist's) names the package.
                metadata = cwd + "/PKG-INFO";
                found = found.orElse(new InstallContext("pip", null, null, PathParser.pythonPhase(commandLine), null));
            }
        }
        if (found != null) {
            found = withMetadata(found, metadata);
        }
        InstallContext rpm = found != null ? found : inherited;
        if (rpm != null && "rpm".equals(rpm.manager()) && !rpm.identified() && !"rpmbuild".equals(rpm.phase())) {
            // rpm tells its scriptlets nothing: the .rpm's header does (RpmScriptlets).
            InstallContext scriptlet = RpmScriptlets.find(probe, pid, commandLine);
            found = scriptlet == null ? found : scriptlet.orElse(rpm);
        }
        if (found == null) {
            // Nothing said (a manager's own helper, e.g. git): not under an install step, unless the environment
            // could not be read at all, then keep looking at its children.
            found = env == null && inherited == null && manager != null
                    ? new InstallContext(manager, null, null, null, null) : null;
        }
        InstallContext result = found == null ? inherited : found.orElse(sameManager(found, inherited));
        if (result != null && result.identified()) {
            identified.incrementAndGet();
        }
        return result;
    }

    /**
     * The root package whose directory {@code cwd} is, only when its package.json names it: a manager's helper run
     * elsewhere (git in npm's cache) says nothing, and its children are looked at again.
     */
    private PathParser.Found projectRoot(String manager, String cwd) {
        PathParser.Found root = PathParser.nodeProjectRoot(manager, cwd);
        if (root == null) {
            return null;
        }
        InstallContext named = readMetadata(root.context(), root.metadataFile());
        return named.identified() ? new PathParser.Found(named, null) : null;
    }

    /** npm, pnpm, yarn or bun when that is the manager above the process, else null. */
    private static String nodeManager(String parentManager, InstallContext inherited) {
        String m = parentManager != null ? parentManager : inherited == null ? null : inherited.manager();
        return m != null && PathParser.NODE_MANAGERS.contains(m) ? m : null;
    }

    /** The inherited context fills gaps only when it is about the same install (same manager, package unknown). */
    private static InstallContext sameManager(InstallContext found, InstallContext inherited) {
        if (inherited == null || found.identified()
                || found.manager() != null && !found.manager().equals(inherited.manager())) {
            return null;
        }
        return inherited;
    }

    private InstallContext withMetadata(InstallContext c, String file) {
        if (c.version() != null && c.identified()) {
            return c;
        }
        if ("dpkg".equals(c.manager()) && file == null && c.identified()) {
            // dpkg journals status changes in updates/ and folds them into status only now and then: the newest
            // journal entry of the package is its current version (a first install's postinst finds it only there).
            String v = null;
            List<String> updates = new ArrayList<>(probe.list(DPKG_UPDATES));
            updates.sort(Comparator.reverseOrder());
            for (String u : updates) {
                if (v != null || !u.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                v = dpkgVersion(DPKG_UPDATES + "/" + u, c.packageName());
            }
            if (v == null) {
                v = dpkgVersion(DPKG_STATUS, c.packageName());
            }
            if (v != null) {
                return c.withVersion(v);
            }
            // A first install's preinst runs before the status database has the new version: the control file of
            // the package being unpacked has it.
            try (BufferedReader r = probe.open(DPKG_NEW_CONTROL)) {
                Metadata.NameVersion nv = r == null ? null : Metadata.headers(r);
                return nv != null && c.packageName().equals(nv.name()) ? c.withVersion(nv.version()) : c;
            } catch (IOException e) {
                return c;
            }
        }
        if (file == null) {
            return c;
        }
        if ("pip".equals(c.manager()) && file.endsWith("/PKG-INFO")) {
            // An sdist has PKG-INFO; a local directory built in place (pip install ./dir) has only its sources.
            InstallContext fromPkgInfo = readMetadata(c, file);
            return fromPkgInfo.identified() && fromPkgInfo.version() != null ? fromPkgInfo
                    : pythonProject(fromPkgInfo, file.substring(0, file.length() - "/PKG-INFO".length()));
        }
        return readMetadata(c, file);
    }

    private InstallContext readMetadata(InstallContext c, String file) {
        try (BufferedReader r = probe.open(file)) {
            if (r == null) {
                return c;
            }
            Metadata.NameVersion nv = file.endsWith(".json") ? Metadata.packageJson(r) : Metadata.headers(r);
            if (nv == null) {
                return c;
            }
            return filled(c, nv);
        } catch (IOException e) {
            return c;
        }
    }

    /** Files of a Python project, most authoritative first, for a build of a local directory (no PKG-INFO). */
    private static final List<String> PYTHON_PROJECT = List.of("pyproject.toml", "setup.cfg", "setup.py");

    /** Name and version from a local Python project's own files; the first file naming the package decides. */
    private InstallContext pythonProject(InstallContext c, String dir) {
        InstallContext out = c;
        for (String f : PYTHON_PROJECT) {
            try (BufferedReader r = probe.open(dir + "/" + f)) {
                Metadata.NameVersion nv = r == null ? null : switch (f) {
                    case "pyproject.toml" -> Metadata.pyproject(r);
                    case "setup.cfg" -> Metadata.setupCfg(r);
                    default -> Metadata.setupPy(r);
                };
                if (nv != null && (out.packageName() == null || out.packageName().equals(nv.name())
                        || nv.name() == null)) {
                    out = filled(out, nv);
                }
            } catch (IOException e) {
                // next file
            }
            if (out.identified() && out.version() != null) {
                break;
            }
        }
        return out;
    }

    private static InstallContext filled(InstallContext c, Metadata.NameVersion nv) {
        return new InstallContext(c.manager(), c.packageName() != null ? c.packageName() : nv.name(),
                c.version() != null ? c.version() : nv.version(), c.phase(), c.projectDir());
    }

    private String dpkgVersion(String file, String pkg) {
        try (BufferedReader r = probe.open(file)) {
            return r == null ? null : Metadata.dpkgStatusVersion(r, pkg);
        } catch (IOException e) {
            return null;
        }
    }

    /** Processes whose environment was looked at (children of managers). */
    public long lookups() {
        return lookups.get();
    }

    /** Processes given an identified package by a look. */
    public long identified() {
        return identified.get();
    }
}
