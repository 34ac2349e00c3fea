package dev.hookline.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.alert.ScheduledAlert;
import dev.hookline.io.EventFileReader;
import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.Detector;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import dev.hookline.store.EventStore;
import dev.hookline.store.StoreReader;
import dev.hookline.store.StoreSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real corpus rules, unchanged but for a queryFrequency of one second, run by the agent's Scheduler (two threads)
 * over an event store holding their events files, moved to the last twenty minutes: each rule fires on its own
 * events, and none fires on the near misses. Representative of the corpus's shapes: a join over a 5-minute bin
 * (build process), a join across two tables (rundll32 to a public address), a dcount threshold per 2-minute bin
 * (taskkill), a dcount per 10-minute bin (PsExec) and a plain filter (SUNBURST beacons).
 */
class SchedulerFiresCorpusRulesOverAStoreTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path EVENTS = Path.of("src/test/resources/sentinel-rules");
    private static final long TEN_MIN = TimeUnit.MINUTES.toNanos(10);
    private static final List<String> TIME_COLUMNS = List.of("Timestamp", "ProcessCreationTime",
            "InitiatingProcessCreationTime");
    private static final Map<String, String> RULES = new TreeMap<>(Map.of(
            "1bf6e165-5e32-420e-ab4f-0da8558a8be2", SentinelCorpus.BUILD_PROCESS,
            "2624fc55-0998-4897-bb48-1c6422befce4", "Solutions__Microsoft Defender XDR__Analytic Rules__Defense"
                    + " Evasion__Regsvr32Rundll32WithAnomalousParentProcess.yaml",
            "4dd31bd5-11a3-4b9c-a7c5-4927ab4f2a77", SentinelCorpus.TASKKILL,
            "35ab0d58-baab-4154-87ed-fa2f69797e9e", "Solutions__Microsoft Defender XDR__Analytic Rules__Lateral"
                    + " Movement__RemoteFileCreationWithPsExec.yaml",
            "ce1e7025-866c-41f3-9b08-ec170e05e73e", "Solutions__Microsoft Defender XDR__Analytic Rules__SolarWinds"
                    + "_SUNBURST_Network-IOCs.yaml"));

    @TempDir
    Path dir;

    private static List<ScheduledRule> rules(Map<String, Path> files) throws Exception {
        List<Rule> loaded = new ArrayList<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            String text = Files.readString(e.getValue(), StandardCharsets.UTF_8)
                    .replaceFirst("(?m)^queryFrequency: .*$", "queryFrequency: 1s");
            Rule r = new RuleLoader().parse("corpus:" + e.getKey(), text, e.getKey() + ".yaml");
            assertEquals(e.getKey(), r.id());
            loaded.add(r);
        }
        return new Detector(loaded, Tuning.NONE, a -> { }).scheduled();
    }

    /**
     * The events files of every rule (suffix fires or quiet), each moved by a whole number of ten-minute steps
     * (so the rules' 1-, 2-, 5- and 10-minute bins keep their alignment) to start 10 to 20 minutes ago.
     */
    private Path storeOf(Set<String> ids, String suffix) throws Exception {
        Path root = Files.createTempDirectory(dir, suffix);
        long now = Times.nowNanos();
        try (EventStore store = EventStore.open(StoreSettings.of(root, TimeUnit.DAYS.toNanos(7), 1L << 30), null)) {
            long seq = 0;
            for (String id : ids) {
                List<String> lines = Files.readAllLines(EVENTS.resolve(id + "." + suffix + ".jsonl"));
                long first = Long.MAX_VALUE;
                for (String l : lines) {
                    first = Math.min(first, Times.parse(MAPPER.readTree(l).get("Timestamp").asText()));
                }
                long shift = (now - TEN_MIN - first) / TEN_MIN * TEN_MIN;
                StringBuilder moved = new StringBuilder();
                for (String l : lines) {
                    ObjectNode n = (ObjectNode) MAPPER.readTree(l);
                    for (String c : TIME_COLUMNS) {
                        if (n.hasNonNull(c)) {
                            n.put(c, Times.format(Times.parse(n.get(c).asText()) + shift));
                        }
                    }
                    moved.append(n).append('\n');
                }
                EventFileReader reader = new EventFileReader(id);
                List<Event> events = new ArrayList<>();
                reader.read(new ByteArrayInputStream(moved.toString().getBytes(StandardCharsets.UTF_8)),
                        e -> events.add(e.copy()));
                assertEquals(List.of(), reader.reports());
                for (Event e : events) {
                    store.put(e, seq++);
                }
            }
            assertTrue(store.flush(30_000));
        }
        return root;
    }

    private List<ScheduledAlert> runScheduler(Map<String, Path> files, Path store) throws Exception {
        List<ScheduledAlert> alerts = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<ScheduledRule> rules = rules(files);
        StoreReader reader = new StoreReader(store);
        try (Scheduler s = new Scheduler(rules, KqlOptions.DEFAULT, RowBudgets.DEFAULT, 2, reader::range, alerts::add,
                (r, e) -> failures.add(r.rule().id() + ": " + e))) {
            s.start();
            // every rule has run at least twice: the second run of each saw the same window again
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && s.counters().get("scheduled_runs") < 2L * rules.size()) {
                Thread.sleep(50);
            }
            assertTrue(s.counters().get("scheduled_runs") >= 2L * rules.size(), s.status().toString());
        }
        assertEquals(List.of(), failures);
        return alerts;
    }

    private static Map<String, Path> representative() {
        Map<String, Path> out = new TreeMap<>();
        RULES.forEach((id, name) -> out.put(id, SentinelCorpus.rule(name)));
        return out;
    }

    @Test
    void eachRuleFiresOnceOnItsEventsInTheStoreAndNoneOnTheNearMisses() throws Exception {
        Map<String, Path> files = representative();
        List<ScheduledAlert> fired = runScheduler(files, storeOf(files.keySet(), "fires"));
        Map<String, Integer> byRule = new TreeMap<>();
        for (ScheduledAlert a : fired) {
            byRule.merge(a.rule().id(), 1, Integer::sum);
        }
        for (String id : RULES.keySet()) {
            assertTrue(byRule.getOrDefault(id, 0) >= 1, "no alert from " + id + ": " + byRule);
        }
        assertEquals(RULES.keySet(), byRule.keySet());
        assertEquals(RULES.size(), fired.size(), "one alert each, not raised again by later runs: " + byRule);

        List<ScheduledAlert> quiet = runScheduler(files, storeOf(files.keySet(), "quiet"));
        assertEquals(List.of(), quiet.stream().map(a -> a.rule().id()).toList());
    }

    /**
     * Every corpus rule that loads, each alone in its own store (so one rule's near miss cannot be another's hit):
     * the running agent's scheduler raises it on its events and stays quiet on its near miss, as `detect` does.
     */
    @TestFactory
    Stream<DynamicTest> everyLoadableCorpusRuleFiresThroughTheScheduler() throws Exception {
        List<Map.Entry<String, Path>> all = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS).getParent())) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
            try {
                all.add(Map.entry(new RuleLoader().load(f).get(0).id(), f));
            } catch (RuleException e) {
                // the three Microsoft's analyzer rejects too (SentinelRulesHooklineRefusesTheAnalyzerRefusesTest)
            }
        }
        assertEquals(files.size() - 3, all.size(), "rule files that load: " + all);
        return all.stream().map(e -> DynamicTest.dynamicTest(e.getValue().getFileName().toString(),
                () -> {
                    Map<String, Path> one = Map.of(e.getKey(), e.getValue());
                    List<ScheduledAlert> fired = runScheduler(one, storeOf(one.keySet(), "fires"));
                    assertTrue(!fired.isEmpty(), "no scheduled alert from " + e.getValue().getFileName());
                    List<ScheduledAlert> quiet = runScheduler(one, storeOf(one.keySet(), "quiet"));
                    assertEquals(List.of(), quiet.stream().map(a -> a.rule().id()).toList(),
                            "the near miss fired");
                }));
    }
}
