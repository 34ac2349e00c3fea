package dev.hookline.watch;

import dev.hookline.process.ContainerIds;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which containers a watched command started, from what its process rows show:
 * <ul>
 * <li><b>A runtime exec'd in the tree names the id</b> (exact): {@code podman run} execs conmon
 * ({@code conmon -c <id> ... -b .../<id>/userdata}), which execs {@code runc create --bundle ... <id>}, before
 * daemonizing; the container's processes are then children of the daemonized conmon, outside the tree, but carry
 * the id in their {@code ContainerId}. Seen in real podman runs (docs/provenance.md).</li>
 * <li><b>A docker-style client in the tree</b> ({@code docker}/{@code nerdctl} {@code run}, {@code create},
 * {@code start}, {@code exec}, {@code build}, {@code compose}): the daemon, not the client, starts the shim, so nothing ties them
 * but time. A runtime (containerd shim, runc) exec'd anywhere while such a client lives links the ids on its
 * command line. An approximation: a container another user starts in that window joins too.</li>
 * </ul>
 */
final class ContainerLinks {
    private static final Pattern ID = Pattern.compile("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])");
    private static final Set<String> CLIENT_VERBS = Set.of("run", "create", "start", "exec", "build", "compose", "up");
    private static final String KEY = "\"ContainerId\":\"";

    private ContainerLinks() {
    }

    /**
     * @param created ProcessCreated rows in time order
     * @param members the tree's pids so far
     * @param table the live process table (client exit times), or null
     */
    static Set<String> linked(List<Event> created, Set<Long> members, ProcessTable table) {
        Set<String> ids = new HashSet<>();
        List<long[]> clientWindows = new ArrayList<>();
        for (Event e : created) {
            long pid = e.getLong(Columns.PROCESS_ID);
            if (!members.contains(pid)) {
                continue;
            }
            String file = e.getString(Columns.FILE_NAME);
            if (ContainerIds.isRuntime(file)) {
                idsIn(e.getString(Columns.PROCESS_COMMAND_LINE), ids);
            } else if (isDaemonClient(file, e.getString(Columns.PROCESS_COMMAND_LINE))) {
                long start = e.getLong(Columns.TIMESTAMP);
                ProcessInfo p = table == null ? null : table.get(pid);
                long end = p != null && p.exited() && p.creationTimeNanos() <= start + 1_000_000_000L
                        ? p.exitTimeNanos() : Long.MAX_VALUE;
                clientWindows.add(new long[] {start, end});
            }
        }
        if (!clientWindows.isEmpty()) {
            for (Event e : created) {
                long t = e.getLong(Columns.TIMESTAMP);
                if (ContainerIds.isRuntime(e.getString(Columns.FILE_NAME)) && within(t, clientWindows)) {
                    idsIn(e.getString(Columns.PROCESS_COMMAND_LINE), ids);
                }
            }
        }
        return ids;
    }

    /** The row's ContainerId (AdditionalFields), found without parsing the JSON; null when it has none. */
    static String containerId(Event e) {
        String f = e.getString(Columns.ADDITIONAL_FIELDS);
        int at = f == null ? -1 : f.indexOf(KEY);
        if (at < 0 || at + KEY.length() + 64 > f.length()) {
            return null;
        }
        return f.substring(at + KEY.length(), at + KEY.length() + 64);
    }

    private static boolean within(long t, List<long[]> windows) {
        for (long[] w : windows) {
            if (t >= w[0] && t <= w[1]) {
                return true;
            }
        }
        return false;
    }

    /** docker run/create/start/exec/compose, nerdctl the same: a client whose daemon starts the container. */
    static boolean isDaemonClient(String fileName, String commandLine) {
        if (fileName == null || commandLine == null) {
            return false;
        }
        String f = fileName.toLowerCase(Locale.ROOT);
        if (!f.equals("docker") && !f.equals("nerdctl") && !f.equals("docker-compose")) {
            return false;
        }
        if (f.equals("docker-compose")) {
            return true;
        }
        for (String arg : commandLine.split(" ")) {
            if (CLIENT_VERBS.contains(arg)) {
                return true;
            }
        }
        return false;
    }

    private static void idsIn(String commandLine, Set<String> ids) {
        if (commandLine == null) {
            return;
        }
        Matcher m = ID.matcher(commandLine);
        while (m.find()) {
            ids.add(m.group());
        }
    }
}
