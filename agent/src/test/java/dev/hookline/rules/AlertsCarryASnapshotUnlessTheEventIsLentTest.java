package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hookline.alert.Alert;
import dev.hookline.io.EventJsonWriter;
import dev.hookline.kql.AncestryResolver;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsCarryASnapshotUnlessTheEventIsLentTest {
    private final RuleLoader loader = new RuleLoader();

    @Test
    void aSnapshotSurvivesTheSlotBeingRefilledAndALentEventIsTheSlot() throws Exception {
        List<Event> events = Fixtures.events("seed-cases.jsonl");
        for (AlertEvents mode : AlertEvents.values()) {
            Event slot = new Event();
            List<String> jsonAtAlert = new ArrayList<>();
            List<Alert> alerts = new ArrayList<>();
            Detector d = new Detector(loader.loadBuiltin(), Tuning.NONE, a -> {
                jsonAtAlert.add(EventJsonWriter.toJson(a.event()));
                alerts.add(a);
            }, AncestryResolver.NONE, null, mode);
            for (Event e : events) {
                d.accept(slot.copyFrom(e), Fixtures.NOW); // one slot refilled per event, as the ring does
            }
            slot.reset(Table.DeviceFileEvents);
            assertFalse(alerts.isEmpty());
            for (int i = 0; i < alerts.size(); i++) {
                Alert a = alerts.get(i);
                assertEquals(jsonAtAlert.get(i), a.eventJson(), "the alert's JSON is the event's when it fired");
                if (mode == AlertEvents.LENT) {
                    assertSame(slot, a.event());
                } else {
                    assertNotSame(slot, a.event());
                    assertEquals(jsonAtAlert.get(i), EventJsonWriter.toJson(a.event()), "kept as it was");
                }
            }
        }
    }
}
