package dev.hookline.kql.expr;

import dev.hookline.schema.Columns;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Orders the terms of `and`/`or` and runs of consecutive `where` filters so that the term most likely to decide
 * the result cheaply runs first. This never changes a result: terms have no side effects and cannot fail, `and` is
 * TRUE exactly when every term is TRUE and `or` exactly when some term is TRUE (a null term counts as not TRUE in
 * both, see {@link LogicNodes.And}), whatever the order; only how many terms are evaluated changes.
 *
 * <p>For independent terms the expected cost of `and` is least in ascending cost / (1 - trueRate) (a term that is
 * cheap and usually false first), and of `or` in ascending cost / trueRate. Costs and rates are the nodes' own
 * estimates ({@link Node#cost()}, {@link Node#trueRate()}): a time window such as `Timestamp > ago(24h)` is
 * nearly always true on live events and so goes last, a short column tested against a list goes first. The sort is
 * stable: terms with equal rank keep the query's order.
 */
public final class Order {
    private static final double MIN_RATE = 1e-3;

    private Order() {
    }

    public static Node[] forAnd(Node[] terms) {
        Node[] sorted = terms.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(t -> t.cost() / clamp(1 - t.trueRate())));
        return sorted;
    }

    public static Node[] forOr(Node[] terms) {
        Node[] sorted = terms.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(t -> t.cost() / clamp(t.trueRate())));
        return sorted;
    }

    /** Expected cost of `and` over terms in this order: a term runs only when all before it were TRUE. */
    public static double andCost(Node[] terms) {
        double cost = 0;
        double reach = 1;
        for (Node t : terms) {
            cost += reach * t.cost();
            reach *= t.trueRate();
        }
        return cost;
    }

    /** Expected cost of `or` over terms in this order: a term runs only when all before it were not TRUE. */
    public static double orCost(Node[] terms) {
        double cost = 0;
        double reach = 1;
        for (Node t : terms) {
            cost += reach * t.cost();
            reach *= 1 - t.trueRate();
        }
        return cost;
    }

    public static double andRate(Node[] terms) {
        double r = 1;
        for (Node t : terms) {
            r *= t.trueRate();
        }
        return r;
    }

    public static double orRate(Node[] terms) {
        double r = 1;
        for (Node t : terms) {
            r *= 1 - t.trueRate();
        }
        return 1 - r;
    }

    private static double clamp(double rate) {
        return Math.max(MIN_RATE, Math.min(1, rate));
    }

    /**
     * A rough length of the text a node yields, for the cost of scanning it: command lines are long, paths medium,
     * names short. Only used for ordering.
     */
    public static double textLength(Node n) {
        if (n instanceof Nodes.EventString) {
            String name = Columns.get(((Nodes.EventString) n).id).name();
            if (name.endsWith("CommandLine") || name.equals("AdditionalFields")) {
                return 80;
            }
            if (name.endsWith("Path") || name.endsWith("Url")) {
                return 40;
            }
            return 12;
        }
        return 30;
    }
}
