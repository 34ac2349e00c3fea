package dev.hookline.kql.eval.fn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a family class registers its definitions into; a name or alias used twice is a programming error. */
public final class FunctionTable {
    private final Map<String, FunctionDef> scalars = new HashMap<>();
    private final Map<String, AggregateDef> aggregates = new HashMap<>();
    private final List<FunctionDef> scalarList = new ArrayList<>();
    private final List<AggregateDef> aggregateList = new ArrayList<>();

    public void add(FunctionDef d) {
        claim(d.name);
        scalars.put(d.name, d);
        for (String a : d.aliases) {
            claim(a);
            scalars.put(a, d);
        }
        scalarList.add(d);
    }

    public void add(AggregateDef d) {
        claim(d.name);
        aggregates.put(d.name, d);
        for (String a : d.aliases) {
            claim(a);
            aggregates.put(a, d);
        }
        aggregateList.add(d);
    }

    private void claim(String name) {
        if (scalars.containsKey(name) || aggregates.containsKey(name)) {
            throw new IllegalStateException("function '" + name + "' is defined twice");
        }
    }

    FunctionDef scalar(String name) {
        return scalars.get(name);
    }

    AggregateDef aggregate(String name) {
        return aggregates.get(name);
    }

    List<FunctionDef> scalars() {
        return Collections.unmodifiableList(scalarList);
    }

    List<AggregateDef> aggregates() {
        return Collections.unmodifiableList(aggregateList);
    }

    /** Every name and alias, scalar and aggregate. */
    List<String> names() {
        List<String> all = new ArrayList<>(scalars.keySet());
        all.addAll(aggregates.keySet());
        return all;
    }
}
