package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.alert.Alert;
import dev.hookline.kql.AncestryResolver;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Sigma rule's logsource.product decides which rows it runs on: a Windows rule stays silent on Linux rows. */
class SigmaRulesRunOnlyOnTheirPlatformTest {
    private static Rule sigma(String product, String id) throws Exception {
        String text = "title: connects to 4444\nid: " + id + "\nlogsource:\n  category: network_connection\n"
                + (product == null ? "" : "  product: " + product + "\n")
                + "detection:\n  sel:\n    DestinationPort: 4444\n  condition: sel\n";
        return new RuleLoader().parse(id + ".yml", text, id + ".yml");
    }

    private static Event conn(String initiatingPath) {
        return new Event(Table.DeviceNetworkEvents).set(Columns.REMOTE_PORT, 4444)
                .set(Columns.INITIATING_PROCESS_FOLDER_PATH, initiatingPath);
    }

    private static List<String> fire(List<Rule> rules, Platform platform, Event... events) throws Exception {
        List<String> out = new ArrayList<>();
        Detector d = new Detector(rules, Tuning.NONE, (Alert a) -> out.add(a.rule().id()), AncestryResolver.NONE,
                platform);
        for (Event e : events) {
            d.accept(e, 0);
        }
        return out;
    }

    @Test
    void theRuleCarriesItsProduct() throws Exception {
        assertEquals(Platform.WINDOWS, sigma("windows", "w").platform());
        assertEquals(null, sigma(null, "any").platform());
    }

    @Test
    void withoutAPlatformEachRowTellsByItsPaths() throws Exception {
        List<Rule> rules = List.of(sigma("windows", "w"), sigma("linux", "l"), sigma(null, "any"));
        assertEquals(List.of("sigma.l", "sigma.any"), fire(rules, null, conn("/usr/bin/nc")));
        assertEquals(List.of("sigma.w", "sigma.any"), fire(rules, null, conn("C:\\Windows\\System32\\cmd.exe")));
        assertEquals(List.of("sigma.w", "sigma.any"), fire(rules, null, conn("\\\\server\\share\\x.exe")));
    }

    @Test
    void aGivenPlatformLeavesOutTheOtherSystemsRules() throws Exception {
        List<Rule> rules = List.of(sigma("windows", "w"), sigma("linux", "l"), sigma("macos", "m"));
        List<Rule> left = new ArrayList<>();
        Detector d = new Detector(rules, Tuning.NONE, a -> { }, AncestryResolver.NONE, Platform.LINUX);
        d.otherPlatform().forEach(left::add);
        assertEquals(List.of("sigma.w", "sigma.m"), left.stream().map(Rule::id).toList());
        // even a row that looks like Windows: the platform given is the truth
        assertEquals(List.of("sigma.l"), fire(rules, Platform.LINUX, conn("C:\\x.exe")));
    }

    @Test
    void windowsRowsAreThoseWithADriveLetterOrUncPath() {
        assertTrue(Platform.windowsRow(conn("c:\\x")));
        assertFalse(Platform.windowsRow(conn("/mnt/c:/x")));
        assertFalse(Platform.windowsRow(new Event(Table.DeviceNetworkEvents)));
    }
}
