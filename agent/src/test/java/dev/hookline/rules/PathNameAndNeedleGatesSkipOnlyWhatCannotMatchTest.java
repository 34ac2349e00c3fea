package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.kql.Arm;
import dev.hookline.kql.ArmGate;
import dev.hookline.kql.StreamingQuery;
import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file-name gate (`FolderPath endswith "/curl"`) and the needle gate (`contains`, `startswith`, `endswith`
 * without a slash) skip an arm only for an event the arm's own filter refuses: each event here is one a careless
 * gate would skip (another case, a fold-to-ASCII char, a path that is only "/name", a missing FileName, a needle
 * at the very start or end), and for each the arm is selected and its filter passes; ordinary events are skipped.
 */
class PathNameAndNeedleGatesSkipOnlyWhatCannotMatchTest {
    /** Whether the selector runs the query's single arm for e, and whether that arm's filter passes e. */
    private static boolean[] selectedAndMatched(String query, Event e) {
        StreamingQuery sq = Kql.compile(query).streaming();
        Arm arm = sq.arms().get(0);
        List<List<ArmGate>> gates = new ArrayList<>();
        // the arm twice: a later gate that only one waiting arm needs is left to that arm's own filter, so with a
        // single arm a later needle would never be scanned
        gates.add(arm.gates());
        gates.add(arm.gates());
        boolean selected = (new ArmSelector(gates).select(e)[0] & 1L) != 0;
        boolean[] matched = {false};
        sq.accept(arm, e, 0L, (a, ev, row) -> matched[0] = true);
        return new boolean[]{selected, matched[0]};
    }

    private static void assertSelectedAndMatches(String query, Event e) {
        boolean[] r = selectedAndMatched(query, e);
        assertEquals(List.of(true, true), List.of(r[0], r[1]), query + " on " + e);
    }

    private static void assertSkippedAndRefused(String query, Event e) {
        boolean[] r = selectedAndMatched(query, e);
        assertEquals(List.of(false, false), List.of(r[0], r[1]), query + " on " + e);
    }

    private static Event exec(String folderPath, String fileName, String cmd) {
        Event e = new Event(Table.DeviceProcessEvents).set(Columns.PROCESS_ID, 7L);
        if (folderPath != null) {
            e.set(Columns.FOLDER_PATH, folderPath);
        }
        if (fileName != null) {
            e.set(Columns.FILE_NAME, fileName);
        }
        return cmd == null ? e : e.set(Columns.PROCESS_COMMAND_LINE, cmd);
    }

    @Test
    void theFileNameGateReadsThePathInKustosCaseFoldingWhateverFileNameSays() {
        String q = "DeviceProcessEvents | where FolderPath endswith '/curl' or FolderPath endswith '/usr/bin/wget'";
        assertSelectedAndMatches(q, exec("/usr/bin/curl", "curl", "curl x"));
        assertSelectedAndMatches(q, exec("/USR/BIN/CURL", "CURL", "curl x"));
        assertSelectedAndMatches(q, exec("/USR/BIN/WGet", "wget", "wget"));
        // the path is only the slash and the name: the leading slash is the needle's, not a folder's
        assertSelectedAndMatches(q, exec("/curl", "curl", "curl"));
        // no FileName, an empty one, or one that disagrees with the path: the gate looks at the path only
        assertSelectedAndMatches(q, exec("/usr/bin/curl", null, "curl"));
        assertSelectedAndMatches(q, exec("/usr/bin/curl", "", "curl"));
        assertSelectedAndMatches(q, exec("/usr/bin/curl", "busybox", "curl"));
        // Kusto folds the Kelvin sign to k and the long s to s: "/usr/bin/\u212Aill" ends with "/kill"
        assertSelectedAndMatches("DeviceProcessEvents | where FolderPath endswith '/kill'",
                exec("/usr/bin/\u212Aill", "x", "x"));
        assertSelectedAndMatches("DeviceProcessEvents | where FolderPath endswith '/bash'",
                exec("/bin/ba\u017Fh", "x", "x"));
        // skipped: another name, the name as a folder, a name that only ends like it, no path at all
        assertSkippedAndRefused(q, exec("/usr/bin/ls", "curl", "curl"));
        assertSkippedAndRefused(q, exec("/usr/bin/curl/x", "x", "x"));
        assertSkippedAndRefused(q, exec("/usr/bin/libcurl", "libcurl", "x"));
        assertSkippedAndRefused(q, exec(null, "curl", "curl"));
    }

    @Test
    void caseSensitiveEndsWithKeepsItsCase() {
        String q = "DeviceProcessEvents | where FolderPath endswith_cs '/Xorg'";
        assertSelectedAndMatches(q, exec("/usr/lib/Xorg", "Xorg", "x"));
        assertSkippedAndRefused(q, exec("/usr/lib/xorg", "xorg", "x"));
    }

    @Test
    void theNeedleGateFindsEveryNeedleAnywhereInAnyCaseAndAtEitherEnd() {
        String q = "DeviceProcessEvents | where ProcessCommandLine contains 'http_proxy=' or"
                + " ProcessCommandLine contains 'base64 -d' or ProcessCommandLine startswith 'sh -c '"
                + " or ProcessCommandLine endswith ':1'";
        assertSelectedAndMatches(q, exec("/usr/bin/env", "env", "env HTTP_PROXY=http://x:3128 curl"));
        assertSelectedAndMatches(q, exec("/usr/bin/env", "env", "http_proxy="));
        assertSelectedAndMatches(q, exec("/bin/sh", "sh", "echo eA== | BASE64 -D"));
        assertSelectedAndMatches(q, exec("/bin/sh", "sh", "sh -c 'id'"));
        assertSelectedAndMatches(q, exec("/usr/bin/xterm", "xterm", "xterm -display 10.0.0.1:1"));
        // overlapping needles: "base64 -d" found after a partial "base64 " that the automaton falls back from
        assertSelectedAndMatches(q, exec("/bin/sh", "sh", "base64 base64 -d"));
        // long s (ſ) and the Kelvin sign fold to s and k, as `contains` folds them
        assertSelectedAndMatches(q, exec("/bin/sh", "sh", "\u017Fh -c 'id'"));
        assertSelectedAndMatches("DeviceProcessEvents | where ProcessCommandLine contains 'pkill'",
                exec("/bin/sh", "sh", "P\u212AILL -9 x"));
        assertSkippedAndRefused(q, exec("/usr/bin/git", "git", "git rev-parse HEAD"));
        assertSkippedAndRefused(q, exec("/usr/bin/git", "git", null));
        // near misses: the needle cut short at the end of the value
        assertSkippedAndRefused(q, exec("/usr/bin/env", "env", "http_proxy"));
    }

    @Test
    void aRegexGatesOnTheLiteralsItOpensWithCaseSensitively() {
        // SigmaHQ's pnscan rule
        String q = "DeviceProcessEvents | where ProcessCommandLine matches regex"
                + " @'-(W|R)\\s?(\\s|\"|'')([0-9a-fA-F]{2}\\s?){2,20}(\\s|\"|'')'";
        assertSelectedAndMatches(q, exec("/usr/bin/pnscan", "pnscan", "pnscan -W '0a 0b 0c' 10.0.0.0/8 22"));
        assertSelectedAndMatches(q, exec("/usr/bin/pnscan", "pnscan", "-R \"ab cd\""));
        assertSkippedAndRefused(q, exec("/usr/bin/pnscan", "pnscan", "pnscan -w '0a 0b 0c' 10.0.0.0/8 22"));
        assertSkippedAndRefused(q, exec("/usr/bin/gcc", "gcc", "gcc -O2 -fPIC -c src/module.c"));
    }

    @Test
    void eachConjunctOfOneWhereIsRequired() {
        String q = "DeviceProcessEvents | where FolderPath endswith '/python3' and ProcessCommandLine contains 'import pty'";
        assertSelectedAndMatches(q, exec("/usr/bin/Python3", "x", "python3 -c 'IMPORT PTY; pty.spawn(\"sh\")'"));
        assertSkippedAndRefused(q, exec("/usr/bin/python3", "python3", "python3 -m pip install -r requirements.txt"));
        assertSkippedAndRefused(q, exec("/usr/bin/perl", "perl", "perl -e 'import pty'"));
    }

    @Test
    void caseSensitiveNeedlesAndTheirOwnColumnsStayApart() {
        String q = "DeviceProcessEvents | where ProcessCommandLine contains_cs 'IyEvYmluL2Jhc2'"
                + " | where FolderPath startswith '/tmp/'";
        assertSelectedAndMatches(q, exec("/TMP/x", "x", "echo IyEvYmluL2Jhc2 | base64 -d"));
        assertSkippedAndRefused(q, exec("/tmp/x", "x", "echo iyevymlul2jhc2 | base64 -d"));
        assertSkippedAndRefused(q, exec("/var/x", "x", "echo IyEvYmluL2Jhc2"));
    }
}
