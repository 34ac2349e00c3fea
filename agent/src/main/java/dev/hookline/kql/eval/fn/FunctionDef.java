package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scalar function: its name and aliases, how many arguments it takes, how its result type follows from its
 * arguments (checking them), how its node is built, and a line of documentation. Definitions are made with
 * {@link #named(String)} in a family class and registered in {@link Functions}; see {@link StringFunctions} for the
 * recipe.
 */
public final class FunctionDef {
    /** maxArgs of a function that takes any number of arguments from minArgs up. */
    public static final int VARARGS = Integer.MAX_VALUE;

    /** Derives the result type from the arguments, throwing {@link CallSite#error} when they do not fit. */
    @FunctionalInterface
    public interface ResultType {
        KType of(CallSite c);
    }

    /** Builds the node once the arguments have been checked; {@code type} is what {@link ResultType} gave. */
    @FunctionalInterface
    public interface Factory {
        Node create(CallSite c, KType type);
    }

    public final String name;
    public final List<String> aliases;
    public final int minArgs;
    public final int maxArgs;
    /** How a call looks, e.g. "strcat(a, b, ...)". */
    public final String signature;
    public final String doc;
    /** An example call shown when the number of arguments is wrong, or null. */
    public final String usage;
    /** Why Hookline refuses this Kusto function (every call is a compile error saying so), or null when supported. */
    public final String refusal;
    private final ResultType result;
    private final Factory factory;

    private FunctionDef(Builder b) {
        this.name = b.name;
        this.aliases = List.copyOf(b.aliases);
        this.minArgs = b.min;
        this.maxArgs = b.max;
        this.signature = Objects.requireNonNull(b.signature, b.name + ": signature");
        this.doc = Objects.requireNonNull(b.doc, b.name + ": doc");
        this.usage = b.usage;
        this.refusal = b.refusal;
        this.result = Objects.requireNonNull(b.result, b.name + ": result type");
        this.factory = Objects.requireNonNull(b.factory, b.name + ": node factory");
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Checks the number of arguments and their types, then builds the node. */
    public Node compile(CallSite c) {
        if (refusal != null) {
            throw c.error(c.name() + "() is not supported: " + refusal);
        }
        checkArity(c, minArgs, maxArgs, usage);
        KType t = result.of(c);
        Node n = factory.create(c, t);
        if (n.type != t) {
            throw new IllegalStateException(name + "() built a " + n.type + " node for result type " + t);
        }
        return n;
    }

    static void checkArity(CallSite c, int min, int max, String usage) {
        int n = c.size();
        if (n >= min && n <= max) {
            return;
        }
        String want = min == max ? String.valueOf(min)
                : max == VARARGS ? "at least " + min
                : max == min + 1 ? min + " or " + max : min + " to " + max;
        throw c.error(c.name() + "() takes " + want + " argument" + (min == max && min == 1 ? "" : "s")
                + ", got " + n + (usage == null ? "" : ", e.g. " + usage));
    }

    static String arityText(int min, int max) {
        return min == max ? String.valueOf(min) : max == VARARGS ? min + "+" : min + "-" + max;
    }

    /** Collects one definition; {@link #build()} checks that nothing is missing. */
    public static final class Builder {
        private final String name;
        private final List<String> aliases = new ArrayList<>();
        private int min = -1;
        private int max = -1;
        private String signature;
        private String doc;
        private String usage;
        private ResultType result;
        private Factory factory;
        private String refusal;

        private Builder(String name) {
            this.name = name;
        }

        /** Other names the same function answers to (deprecated or alternative spellings). */
        public Builder alias(String... names) {
            aliases.addAll(List.of(names));
            return this;
        }

        /** Exactly n arguments. */
        public Builder args(int n) {
            return args(n, n);
        }

        /** min to max arguments ({@link #VARARGS} for no upper bound). */
        public Builder args(int min, int max) {
            this.min = min;
            this.max = max;
            return this;
        }

        public Builder signature(String s) {
            this.signature = s;
            return this;
        }

        public Builder doc(String d) {
            this.doc = d;
            return this;
        }

        public Builder usage(String u) {
            this.usage = u;
            return this;
        }

        public Builder returns(ResultType r) {
            this.result = r;
            return this;
        }

        /** A result type that does not depend on the arguments (which are then only counted). */
        public Builder returns(KType t) {
            return returns(c -> t);
        }

        /**
         * A Kusto function Hookline knows but refuses, with the reason: every call is a compile error at the call
         * naming the reason, and the catalog lists it as unsupported (so users learn why, not "unknown function").
         */
        public FunctionDef refused(String reason) {
            this.refusal = Objects.requireNonNull(reason);
            if (signature == null) {
                signature = name + "(...)";
            }
            if (doc == null) {
                doc = "Not supported: " + reason + ".";
            }
            if (min < 0) {
                args(0, VARARGS);
            }
            result = c -> {
                throw c.error(c.name() + "() is not supported: " + reason);
            };
            return node((c, type) -> {
                throw c.error(c.name() + "() is not supported: " + reason);
            });
        }

        public FunctionDef node(Factory f) {
            this.factory = f;
            if (min < 0) {
                throw new IllegalStateException(name + ": arity not given");
            }
            return new FunctionDef(this);
        }
    }
}
