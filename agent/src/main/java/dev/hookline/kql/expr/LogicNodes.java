package dev.hookline.kql.expr;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.List;

/** and, or, not over bool nodes. */
public final class LogicNodes {
    private LogicNodes() {
    }


    /** and: true only when every term is true; a null term counts as false (Kusto: bool(null) and true is false). */
    public static final class And extends Node {
        private final Node[] terms;

        public And(Node[] terms) {
            super(KType.BOOL, terms);
            this.terms = terms;
        }

        /** TRUE needs every term TRUE, so each term's gate holds: the narrowest. */
        @Override
        public ArmGate gate() {
            ArmGate best = null;
            for (Node t : terms) {
                best = ArmGate.narrower(best, t.gate());
            }
            return best;
        }

        /** Each term's gates: every one of them holds for a TRUE row (duplicates once). */
        @Override
        public List<ArmGate> gates() {
            List<ArmGate> all = new ArrayList<>();
            for (Node t : terms) {
                for (ArmGate g : t.gates()) {
                    if (!all.contains(g)) {
                        all.add(g);
                    }
                }
            }
            return all;
        }

        @Override
        public long evalLong(Frame f) {
            for (Node t : terms) {
                if (t.evalLong(f) != TRUE) {
                    return FALSE;
                }
            }
            return TRUE;
        }

        @Override
        public double cost() {
            return Order.andCost(terms);
        }

        @Override
        public double trueRate() {
            return Order.andRate(terms);
        }
    }

    /** or: true when any term is true, else false (bool(null) or true is true). */
    public static final class Or extends Node {
        private final Node[] terms;

        public Or(Node[] terms) {
            super(KType.BOOL, terms);
            this.terms = terms;
        }

        /** TRUE needs some term TRUE: the union of the terms' gates, none when any term has none. */
        @Override
        public ArmGate gate() {
            ArmGate union = terms.length == 0 ? null : terms[0].gate();
            for (int i = 1; i < terms.length && union != null; i++) {
                union = ArmGate.either(union, terms[i].gate());
            }
            return union;
        }

        @Override
        public long evalLong(Frame f) {
            for (Node t : terms) {
                if (t.evalLong(f) == TRUE) {
                    return TRUE;
                }
            }
            return FALSE;
        }

        @Override
        public double cost() {
            return Order.orCost(terms);
        }

        @Override
        public double trueRate() {
            return Order.orRate(terms);
        }
    }

    /** not(): null stays null, so a null comparison matches neither x nor not(x). */
    public static final class Not extends Node {
        private final Node inner;

        public Not(Node inner) {
            super(KType.BOOL, inner);
            this.inner = inner;
        }

        @Override
        public long evalLong(Frame f) {
            long v = inner.evalLong(f);
            return v == NULL ? NULL : v == 0 ? TRUE : FALSE;
        }

        @Override
        public double cost() {
            return inner.cost() + 0.5;
        }

        @Override
        public double trueRate() {
            return 1 - inner.trueRate();
        }
    }
}
