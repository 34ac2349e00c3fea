package dev.hookline.kql.eval.fn;

import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One aggregate function of summarize: name and aliases, arity, result type (from the arguments, checking them),
 * the {@link Aggregation} factory and a line of documentation. Made with {@link #named(String)} and registered in
 * {@link Functions}; see {@link AggregateFunctions} for the recipe.
 */
public final class AggregateDef {
    @FunctionalInterface
    public interface Factory {
        Aggregation create(CallSite c, KType type);
    }

    public final String name;
    public final List<String> aliases;
    public final int minArgs;
    public final int maxArgs;
    public final String signature;
    public final String doc;
    private final FunctionDef.ResultType result;
    private final Factory factory;

    private AggregateDef(Builder b) {
        this.name = b.name;
        this.aliases = List.copyOf(b.aliases);
        this.minArgs = b.min;
        this.maxArgs = b.max;
        this.signature = Objects.requireNonNull(b.signature, b.name + ": signature");
        this.doc = Objects.requireNonNull(b.doc, b.name + ": doc");
        this.result = Objects.requireNonNull(b.result, b.name + ": result type");
        this.factory = Objects.requireNonNull(b.factory, b.name + ": factory");
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public Aggregation compile(CallSite c) {
        FunctionDef.checkArity(c, minArgs, maxArgs, null);
        KType t = result.of(c);
        Aggregation a = factory.create(c, t);
        if (a.type != t) {
            throw new IllegalStateException(name + "() built a " + a.type + " aggregation for result type " + t);
        }
        return a;
    }

    public static final class Builder {
        private final String name;
        private final List<String> aliases = new ArrayList<>();
        private int min = -1;
        private int max = -1;
        private String signature;
        private String doc;
        private FunctionDef.ResultType result;
        private Factory factory;

        private Builder(String name) {
            this.name = name;
        }

        public Builder alias(String... names) {
            aliases.addAll(List.of(names));
            return this;
        }

        public Builder args(int n) {
            return args(n, n);
        }

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

        public Builder returns(FunctionDef.ResultType r) {
            this.result = r;
            return this;
        }

        public Builder returns(KType t) {
            return returns(c -> t);
        }

        public AggregateDef create(Factory f) {
            this.factory = f;
            if (min < 0) {
                throw new IllegalStateException(name + ": arity not given");
            }
            return new AggregateDef(this);
        }
    }
}
