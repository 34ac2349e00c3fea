package dev.hookline.kql;

import dev.hookline.schema.Table;
import java.util.List;

/** One streaming branch of a detection query: a pipeline of where/extend/project over one table. */
public interface Arm {
    /**
     * The arm's name: the constant it assigns to DetectionArm or EventType (the seeds' convention) when it assigns
     * one, else the let name it was bound to, else "arm" plus its 1-based position.
     */
    String name();

    /** The let name the arm's pipeline was bound to, or null. */
    String letName();

    Table table();

    /** Output columns in order, exactly as the query projects them (after the union's extends). */
    List<String> outputColumns();

    /** The value of a column the arm sets to a constant (`extend X = "..."`), or null. */
    Object constant(String column);

    /** A column condition every row passing the arm meets (see {@link ArmGate}), or null when none is proven. */
    default ArmGate gate() {
        return null;
    }

    /**
     * Every column condition proven for the arm, one per leading filter: a row passes only when each of them holds
     * (so they may be required together). Empty when none is proven; {@link #gate()} is the narrowest of them.
     */
    default List<ArmGate> gates() {
        ArmGate g = gate();
        return g == null ? List.of() : List.of(g);
    }
}
