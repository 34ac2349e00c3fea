package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.parse.KType;

/** Hands out frame slots for computed and loaded columns of one pipeline. */
final class Slots {
    int longs;
    int reals;
    int strings;
    int objects;

    Node allocate(KType type) {
        if (type.isLong()) {
            return new Nodes.SlotLong(type, longs++);
        }
        if (type == KType.REAL) {
            return new Nodes.SlotReal(reals++);
        }
        if (type == KType.DYNAMIC) {
            return new Nodes.SlotDynamic(objects++);
        }
        return new Nodes.SlotString(type, strings++);
    }

    Frame newFrame() {
        return new Frame(longs, reals, strings, objects);
    }

    /** Stores the node's current value into the slot that {@code slot} reads. */
    static void store(Node slot, Node value, Frame f) {
        if (slot instanceof Nodes.SlotLong) {
            f.longs[((Nodes.SlotLong) slot).slot] = value.evalLong(f);
        } else if (slot instanceof Nodes.SlotReal) {
            f.reals[((Nodes.SlotReal) slot).slot] = value.evalReal(f);
        } else if (slot instanceof Nodes.SlotDynamic) {
            f.objects[((Nodes.SlotDynamic) slot).slot] = value.evalDynamic(f);
        } else {
            f.strings[((Nodes.SlotString) slot).slot] = value.evalString(f);
        }
    }

    /** Loads an output object (a row value of a materialized input) into a slot. */
    static void load(Node slot, Object v, Frame f) {
        if (slot instanceof Nodes.SlotLong) {
            f.longs[((Nodes.SlotLong) slot).slot] = Values.unboxLong(v);
        } else if (slot instanceof Nodes.SlotReal) {
            f.reals[((Nodes.SlotReal) slot).slot] = Values.unboxReal(v);
        } else if (slot instanceof Nodes.SlotDynamic) {
            f.objects[((Nodes.SlotDynamic) slot).slot] = Dynamic.of(v);
        } else {
            f.strings[((Nodes.SlotString) slot).slot] = v == null ? null : v.toString();
        }
    }
}
