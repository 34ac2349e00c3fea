package dev.hookline.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which package an rpm install scriptlet belongs to. rpm sets nothing in a scriptlet's environment (no RPM_* but
 * RPM_INSTALL_PREFIX for relocatable packages) and runs it as {@code /bin/sh /var/tmp/rpm-tmp.XXXX <count>}, the
 * body copied to that temp file; its parent, rpm (or dnf/yum, which run librpm in their own process), holds the .rpm
 * being installed open and usually names it on its command line. So: find the scriptlet (this process or an
 * ancestor running a {@code rpm-tmp} file), take the .rpm files its parent has open or names, read their headers,
 * and the header whose %pre/%post/... body is the temp file's names package, version and phase. Seen with rpm 4.18
 * (docs/provenance.md).
 */
final class RpmScriptlets {
    private static final Pattern TEMP = Pattern.compile("/var/tmp/rpm-tmp\\.\\w+");
    /** A scriptlet's child may be a few levels down (sh → sh -c → curl). */
    static final int MAX_UP = 4;
    static final int MAX_CANDIDATES = 8;
    static final int MAX_SCRIPT = 1 << 20;

    private RpmScriptlets() {
    }

    /** The scriptlet's context, or null when it cannot be told (temp file gone, no .rpm to read). */
    static InstallContext find(InstallProbe probe, long pid, String commandLine) {
        long p = pid;
        String temp = temp(commandLine);
        for (int i = 0; temp == null && i < MAX_UP; i++) {
            p = probe.parentPid(p);
            if (p <= 1) {
                return null;
            }
            temp = temp(String.join(" ", probe.argv(p)));
        }
        if (temp == null) {
            return null;
        }
        long rpm = probe.parentPid(p);
        if (rpm <= 1) {
            return null;
        }
        String script = text(probe, temp);
        RpmHeader only = null;
        List<String> candidates = candidates(probe, rpm);
        for (String file : candidates) {
            RpmHeader h;
            try (InputStream in = probe.openBytes(file)) {
                h = in == null ? null : RpmHeader.read(in);
            } catch (IOException e) {
                h = null;
            }
            if (h == null) {
                continue;
            }
            String phase = h.phaseOf(script);
            if (phase != null) {
                return new InstallContext("rpm", h.name(), h.versionRelease(), phase, null);
            }
            only = candidates.size() == 1 ? h : null;
        }
        return only == null ? null : new InstallContext("rpm", only.name(), only.versionRelease(), "scriptlet", null);
    }

    /** .rpm files the rpm process has open (the one being installed), then those its command line names. */
    private static List<String> candidates(InstallProbe probe, long rpm) {
        Set<String> out = new LinkedHashSet<>();
        for (String f : probe.openFiles(rpm)) {
            if (f.endsWith(".rpm") && out.size() < MAX_CANDIDATES) {
                out.add(f);
            }
        }
        String cwd = null;
        for (String a : probe.argv(rpm)) {
            if (a.endsWith(".rpm") && !a.startsWith("-") && out.size() < MAX_CANDIDATES) {
                if (!a.startsWith("/")) {
                    cwd = cwd != null ? cwd : probe.cwd(rpm);
                    if (cwd == null) {
                        continue;
                    }
                    a = cwd + "/" + a;
                }
                out.add(a);
            }
        }
        return new ArrayList<>(out);
    }

    private static String temp(String commandLine) {
        if (commandLine == null) {
            return null;
        }
        Matcher m = TEMP.matcher(commandLine);
        return m.find() ? m.group() : null;
    }

    private static String text(InstallProbe probe, String path) {
        try (InputStream in = probe.openBytes(path)) {
            return in == null ? null : new String(in.readNBytes(MAX_SCRIPT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
