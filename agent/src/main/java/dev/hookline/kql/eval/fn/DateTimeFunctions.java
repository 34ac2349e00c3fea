package dev.hookline.kql.eval.fn;

import dev.hookline.kql.eval.Nodes;
import dev.hookline.kql.parse.KType;

/** Date and time functions: ago, now. See {@link StringFunctions} for how to add a function. */
public final class DateTimeFunctions {
    private DateTimeFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("ago").args(1).signature("ago(timespan)")
                .doc("now minus timespan; every use in a query reads the same now.")
                .returns(c -> {
                    if (c.type(0) != KType.TIMESPAN) {
                        throw c.error("ago() needs a timespan such as 24h, not " + c.type(0).kustoName());
                    }
                    return KType.DATETIME;
                })
                .node((c, type) -> new Nodes.Now(c.arg(0), true)));
        t.add(FunctionDef.named("now").args(0, 1).signature("now([offset])")
                .doc("The query's current time, plus offset (a timespan) when given.")
                .returns(c -> {
                    if (c.size() == 1 && c.type(0) != KType.TIMESPAN) {
                        throw c.error("now() offset must be a timespan");
                    }
                    return KType.DATETIME;
                })
                .node((c, type) -> new Nodes.Now(c.size() == 0 ? null : c.arg(0), false)));
    }
}
