package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.Arm;
import dev.hookline.kql.MatchSink;
import dev.hookline.kql.StreamingQuery;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;

/** Arms grouped by table; accept() walks plain arrays so a non-matching event allocates nothing. */
final class StreamingQueryImpl implements StreamingQuery {
    private final List<Arm> arms;
    private final ArmImpl[][] byTable;

    StreamingQueryImpl(List<ArmImpl> arms) {
        this.arms = List.copyOf(arms);
        byTable = new ArmImpl[Table.values().length][];
        for (Table t : Table.values()) {
            List<ArmImpl> mine = new ArrayList<>();
            for (ArmImpl a : arms) {
                if (a.table() == t) {
                    mine.add(a);
                }
            }
            byTable[t.ordinal()] = mine.toArray(new ArmImpl[0]);
        }
    }

    @Override
    public List<Arm> arms() {
        return arms;
    }

    @Override
    public void accept(Event event, long nowNanos, MatchSink sink) {
        Table t = event.table();
        if (t == null) {
            return;
        }
        ArmImpl[] candidates = byTable[t.ordinal()];
        for (int i = 0; i < candidates.length; i++) {
            run(candidates[i], event, nowNanos, sink);
        }
    }

    @Override
    public void accept(Arm arm, Event event, long nowNanos, MatchSink sink) {
        if (!(arm instanceof ArmImpl)) {
            throw new IllegalArgumentException("not a compiled arm: " + arm);
        }
        if (event.table() == arm.table()) {
            run((ArmImpl) arm, event, nowNanos, sink);
        }
    }

    private static void run(ArmImpl arm, Event event, long nowNanos, MatchSink sink) {
        Frame f = arm.frame;
        f.event = event;
        f.now = nowNanos;
        boolean match = arm.chain.run(f);
        if (match) {
            sink.onMatch(arm, event, arm.chain.row(f));
        }
        f.event = null; // do not pin the caller's event
    }
}
