package dev.hookline.kql.eval.fn;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.Ast;

/**
 * A call seen without one of its arguments: how an _if aggregate (sumif(X, cond)) hands its base aggregate
 * (sum(X)) the arguments that are its own, keeping their positions for errors.
 */
final class Without implements CallSite {
    private final CallSite call;
    private final int dropped;

    Without(CallSite call, int dropped) {
        this.call = call;
        this.dropped = dropped;
    }

    private int at(int i) {
        return i < dropped ? i : i + 1;
    }

    @Override
    public String name() {
        return call.name();
    }

    @Override
    public Ast.Pos pos() {
        return call.pos();
    }

    @Override
    public int size() {
        return call.size() - 1;
    }

    @Override
    public Node arg(int i) {
        return call.arg(at(i));
    }

    @Override
    public Ast.Pos argPos(int i) {
        return call.argPos(at(i));
    }

    @Override
    public Ast.Expr expr(int i) {
        return call.expr(at(i));
    }

    @Override
    public Node column(String name) {
        return call.column(name);
    }

    @Override
    public Node text(int i) {
        return call.text(at(i));
    }

    @Override
    public Node bool(int i) {
        return call.bool(at(i));
    }

    @Override
    public KqlException error(String message) {
        return call.error(message);
    }

    @Override
    public KqlException error(int i, String message) {
        return call.error(at(i), message);
    }

    @Override
    public void warn(String message) {
        call.warn(message);
    }

    @Override
    public void notice(String message) {
        call.notice(message);
    }

    @Override
    public dev.hookline.kql.KqlOptions options() {
        return call.options();
    }

    @Override
    public void usesProcessAncestry() {
        call.usesProcessAncestry();
    }
}
