package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.alert.Alert;
import dev.hookline.alert.AlertJson;
import dev.hookline.alert.RuleMeta;
import dev.hookline.io.EventJsonWriter;
import dev.hookline.io.ValueJson;
import dev.hookline.kql.ResultTable;
import dev.hookline.schema.Event;
import dev.hookline.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped seed pack is written in Hookline's words; this proves it behaves exactly like the verbatim published
 * queries in ../shared/seeds on the seeds' own test procedures, in streaming and in batch mode.
 */
class SeedPackMatchesVerbatimSeedsTest {
    private static final String FIXTURES = "seed-cases.jsonl";

    private final RuleLoader loader = new RuleLoader();

    private Rule shipped(String id) throws RuleException {
        return loader.loadBuiltin().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private Rule verbatim(String file) throws RuleException {
        return loader.parse("seeds/" + file, Fixtures.seed(file), file);
    }

    /** What an alert says, minus the rule's own identity: arm, projected row and triggering event. */
    private static List<String> detect(Rule rule, List<Event> events) throws RuleException {
        List<String> out = new ArrayList<>();
        Detector d = new Detector(List.of(rule), Tuning.NONE, (Alert a) -> out.add(a.arm() + " " + row(a) + " "
                + EventJsonWriter.toJson(a.event())));
        for (Event e : events) {
            d.accept(e, Fixtures.NOW);
        }
        return out;
    }

    private static String row(Alert a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.columns().size(); i++) {
            sb.append(a.columns().get(i)).append('=').append(ValueJson.text(a.row()[i])).append(';');
        }
        return sb.toString();
    }

    @Test
    void t1195ShippedRuleRaisesTheSameAlertsAsTheVerbatimQuery() throws Exception {
        List<Event> events = Fixtures.events(FIXTURES);
        List<String> mine = detect(shipped("hookline.seed.t1195-001"), events);
        List<String> seed = detect(verbatim("T1195.001.kql"), events);
        assertFalse(seed.isEmpty());
        assertEquals(seed, mine);
    }

    @Test
    void t1546ShippedRuleRaisesTheSameAlertsAsTheVerbatimQuery() throws Exception {
        List<Event> events = Fixtures.events(FIXTURES);
        List<String> mine = detect(shipped("hookline.seed.t1546-016"), events);
        List<String> seed = detect(verbatim("T1546.016.kql"), events);
        assertFalse(seed.isEmpty());
        assertEquals(seed, mine);
    }

    @Test
    void shippedRulesGiveTheSameHuntingResultsAsTheVerbatimQueries() throws Exception {
        List<Event> events = Fixtures.events(FIXTURES);
        String[][] pairs = {{"hookline.seed.t1195-001", "T1195.001.kql"}, {"hookline.seed.t1546-016", "T1546.016.kql"}};
        for (String[] p : pairs) {
            ResultTable a = shipped(p[0]).compiled().run(Fixtures.source(events), Fixtures.NOW);
            ResultTable b = verbatim(p[1]).compiled().run(Fixtures.source(events), Fixtures.NOW);
            assertEquals(b.columnNames(), a.columnNames(), p[1]);
            assertEquals(b.columnTypes(), a.columnTypes(), p[1]);
            assertEquals(render(b), render(a), p[1]);
            assertFalse(a.rows().isEmpty(), p[1]);
        }
    }

    private static List<String> render(ResultTable t) {
        List<String> out = new ArrayList<>();
        for (Object[] row : t.rows()) {
            StringBuilder sb = new StringBuilder();
            for (Object v : row) {
                sb.append(v == null ? "<null>" : ValueJson.text(v)).append('|');
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void everySeedTestProcedureFiresExactlyTheExpectedArms() throws Exception {
        List<Event> events = Fixtures.events(FIXTURES);
        Map<Long, Fixtures.Case> cases = Fixtures.cases(FIXTURES);
        Map<String, TreeSet<String>> fired = new TreeMap<>();
        // the seed pack alone: the Hookline pack fires on some of these procedures too (by design)
        Detector d = new Detector(loader.loadBuiltin().stream().filter(r -> r.source().startsWith("builtin:seed/"))
                .toList(), Tuning.NONE,
                a -> fired.computeIfAbsent(cases.get(Fixtures.reportId(a.event())).name(), k -> new TreeSet<>())
                        .add(a.arm()));
        for (Event e : events) {
            d.accept(e, Fixtures.NOW);
        }
        Map<String, TreeSet<String>> expected = new TreeMap<>();
        for (Fixtures.Case c : cases.values()) {
            if (!c.expectedArms().isEmpty()) {
                expected.put(c.name(), new TreeSet<>(c.expectedArms()));
            }
        }
        assertEquals(expected, fired);
    }

    @Test
    void registryConfusionOnLoopbackDoesNotFireTheNetworkArmAsPublished() throws Exception {
        List<Event> events = Fixtures.events(FIXTURES);
        Map<Long, Fixtures.Case> cases = Fixtures.cases(FIXTURES);
        Event loopback = events.stream()
                .filter(e -> cases.get(Fixtures.reportId(e)).name().equals("node-loopback-registry-4873"))
                .findFirst().orElseThrow();
        assertTrue(detect(verbatim("T1195.001.kql"), List.of(loopback)).isEmpty());
        assertTrue(detect(shipped("hookline.seed.t1195-001"), List.of(loopback)).isEmpty());
        assertTrue(shipped("hookline.seed.t1195-001").meta().notes().contains("127.0.0.1:4873"));
    }

    @Test
    void networkArmOfT1546ProjectsAccountNameAsEmptyAndWarnsOnce() throws Exception {
        Rule seed = verbatim("T1546.016.kql");
        assertEquals(1, seed.compiled().warnings().size(), seed.compiled().warnings().toString());
        assertTrue(seed.compiled().warnings().get(0).contains("AccountName"));
        List<Alert> alerts = new ArrayList<>();
        Detector d = new Detector(List.of(shipped("hookline.seed.t1546-016")), Tuning.NONE, alerts::add);
        assertEquals(1, d.warnings().size());
        for (Event e : Fixtures.events(FIXTURES)) {
            d.accept(e, Fixtures.NOW);
        }
        Alert net = alerts.stream().filter(a -> a.arm().equals("INSTALLER_NETWORK_ACTIVITY")).findFirst().orElseThrow();
        int i = net.columns().indexOf("AccountName");
        assertTrue(i >= 0);
        assertTrue(net.row()[i] == null || "".equals(net.row()[i]));
        assertEquals(List.of("NetTime", "DeviceName", "AccountName", "RemoteIP", "RemotePort",
                "InitiatingProcessFileName", "EventType"), net.columns());
    }

    @Test
    void alertCarriesRuleMetadataRowAndFullEventWithAStableId() throws Exception {
        List<Alert> first = new ArrayList<>();
        List<Alert> second = new ArrayList<>();
        List<Event> events = Fixtures.events(FIXTURES);
        for (List<Alert> sink : List.of(first, second)) {
            Detector d = new Detector(loader.loadBuiltin(), Tuning.NONE, sink::add);
            events.forEach(e -> d.accept(e, Fixtures.NOW));
        }
        assertEquals(first.size(), second.size());
        TreeSet<String> ids = new TreeSet<>();
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).alertId(), second.get(i).alertId());
            ids.add(first.get(i).alertId());
        }
        assertEquals(first.size(), ids.size(), "distinct events/arms get distinct ids");
        String json = AlertJson.toJson(first.get(0));
        for (String key : List.of("\"AlertId\"", "\"RuleId\":\"hookline.seed.t1195-001\"", "\"RuleTitle\"",
                "\"Arm\":\"PackageManagerSpawnedSuspiciousChild\"", "\"Severity\":\"high\"", "\"Confidence\":\"medium\"",
                "\"MitreTechniques\":[\"T1195\",\"T1195.001\"]", "\"Row\":{\"Timestamp\"", "\"Event\":{")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
    }
}
