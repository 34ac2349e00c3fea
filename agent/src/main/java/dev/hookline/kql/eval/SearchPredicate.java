package dev.hookline.kql.eval;

import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.*;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.List;

/**
 * The search operator's predicate as an ordinary where: a bare string term is tested against every string column
 * of the input (`"err"` is `* has "err"`), `Col:"x"` against one; a term with '*' becomes hasprefix ("x*"),
 * hassuffix ("*x") or contains ("*x*"), and "*" alone matches every row. kind=case_sensitive uses the _cs forms.
 */
final class SearchPredicate {
    private SearchPredicate() {
    }

    static Expr rewrite(Search s, Schema schema) {
        return bool(s.predicate(), schema, s.caseSensitive());
    }

    private static Expr bool(Expr e, Schema schema, boolean cs) {
        if (e instanceof Lit && ((Lit) e).type() == KType.STRING) {
            return anyColumn((Lit) e, schema, cs);
        }
        if (e instanceof Ast.Logical) {
            Ast.Logical l = (Ast.Logical) e;
            List<Expr> terms = new ArrayList<>();
            for (Expr t : l.terms()) {
                terms.add(bool(t, schema, cs));
            }
            return new Ast.Logical(l.pos(), l.and(), terms);
        }
        if (e instanceof Call && ((Call) e).name().equals("not") && ((Call) e).args().size() == 1) {
            return new Call(e.pos(), "not", List.of(bool(((Call) e).args().get(0), schema, cs)));
        }
        if (e instanceof Binary && ((Binary) e).op().equals("has") && ((Binary) e).right() instanceof Lit) {
            Binary b = (Binary) e;
            return term(b.pos(), b.left(), (String) ((Lit) b.right()).value(), cs);
        }
        return e;
    }

    private static Expr anyColumn(Lit term, Schema schema, boolean cs) {
        List<Expr> ors = new ArrayList<>();
        for (int i = 0; i < schema.names.size(); i++) {
            if (schema.nodes.get(i).type.isText()) {
                ors.add(term(term.pos(), new Ident(term.pos(), schema.names.get(i)), (String) term.value(), cs));
            }
        }
        if (ors.isEmpty()) {
            return new Lit(term.pos(), KType.BOOL, Boolean.FALSE);
        }
        return ors.size() == 1 ? ors.get(0) : new Ast.Logical(term.pos(), false, ors);
    }

    private static Expr term(Pos pos, Expr column, String text, boolean cs) {
        String op;
        String t = text;
        boolean lead = t.startsWith("*");
        boolean trail = t.endsWith("*") && t.length() > 1;
        if (t.equals("*")) {
            return new Lit(pos, KType.BOOL, Boolean.TRUE);
        }
        if (lead) {
            t = t.substring(1);
        }
        if (trail) {
            t = t.substring(0, t.length() - 1);
        }
        op = lead && trail ? "contains" : lead ? "hassuffix" : trail ? "hasprefix" : "has";
        return new Binary(pos, cs ? op + "_cs" : op, column, new Lit(pos, KType.STRING, t));
    }
}
