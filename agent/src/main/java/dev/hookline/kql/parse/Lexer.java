package dev.hookline.kql.parse;

import dev.hookline.kql.KqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns query text into tokens, tracking 1-based line and column for error messages. */
public final class Lexer {
    /** Operator names that contain a hyphen; anywhere else '-' is minus. */
    private static final Set<String> HYPHENATED = Set.of("project-away", "project-rename", "project-keep",
            "project-reorder", "mv-expand", "mv-apply", "parse-where", "make-series", "top-nested", "project-smart",
            "sample-distinct", "graph-match", "make-graph");
    /** Calls whose argument is raw literal text, e.g. datetime(2024-01-01 10:00). */
    private static final Set<String> RAW_LITERAL_CALLS = Set.of("datetime", "timespan", "time");

    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;
    private final List<Token> out = new ArrayList<>();

    private Lexer(String src) {
        this.src = src;
    }

    public static List<Token> tokenize(String text) {
        Lexer lx = new Lexer(text);
        lx.run();
        return lx.out;
    }

    private int col() {
        return pos - lineStart + 1;
    }

    private char peek(int ahead) {
        int p = pos + ahead;
        return p < src.length() ? src.charAt(p) : '\0';
    }

    private KqlException error(int l, int c, String msg) {
        return new KqlException(l, c, msg);
    }

    private void newline() {
        line++;
        lineStart = pos;
    }

    private void run() {
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                out.add(new Token(Token.Kind.EOF, "", null, line, col()));
                return;
            }
            int l = line;
            int c = col();
            char ch = src.charAt(pos);
            if ((ch == '@' && (peek(1) == '"' || peek(1) == '\''))) {
                pos++;
                out.add(new Token(Token.Kind.STRING, "@string", readVerbatim(l, c), l, c));
            } else if ((ch == 'h' || ch == 'H') && (peek(1) == '"' || peek(1) == '\'')) {
                pos++; // h"..." hides the literal from logs; the value is the same
                out.add(new Token(Token.Kind.STRING, "string", readQuoted(l, c), l, c));
            } else if ((ch == 'h' || ch == 'H') && peek(1) == '@' && (peek(2) == '"' || peek(2) == '\'')) {
                pos += 2;
                out.add(new Token(Token.Kind.STRING, "@string", readVerbatim(l, c), l, c));
            } else if (ch == '"' || ch == '\'') {
                out.add(new Token(Token.Kind.STRING, "string", readQuoted(l, c), l, c));
            } else if (isIdentStart(ch)) {
                readIdent(l, c);
            } else if (ch >= '0' && ch <= '9') {
                readNumber(l, c);
            } else if (ch == '!' && isIdentStart(peek(1))) {
                pos++;
                String word = identAt();
                String text = "!" + word;
                if (peek(0) == '~') {
                    pos++;
                    text += "~";
                }
                out.add(new Token(Token.Kind.OP, text, null, l, c));
            } else {
                readOperator(l, c, ch);
            }
        }
    }

    /**
     * Kusto's whitespace (Kusto.Language's TextFacts.IsWhitespace): Java's less the ASCII separators and line
     * separators, plus the no-break and zero-width spaces and the byte order mark that queries copied from web
     * pages carry.
     */
    static boolean isKustoWhitespace(char ch) {
        switch (ch) {
            case '\t', ' ', '\r', '\n', '\f', '\u00a0', '\u1680', '\u180e', '\u202f', '\u205f', '\u3000', '\ufeff':
                return true;
            default:
                return ch >= '\u2000' && ch <= '\u200b';
        }
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            if (ch == '\n') {
                pos++;
                newline();
            } else if (isKustoWhitespace(ch)) {
                pos++;
            } else if (ch == '/' && peek(1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private static boolean isIdentStart(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '$';
    }

    private static boolean isIdentPart(char ch) {
        return isIdentStart(ch) || (ch >= '0' && ch <= '9');
    }

    private String identAt() {
        int start = pos;
        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    private void readIdent(int l, int c) {
        String word = identAt();
        if (peek(0) == '-' && isIdentStart(peek(1))) {
            int save = pos;
            pos++;
            String joined = word + "-" + identAt();
            if (HYPHENATED.contains(joined)) {
                out.add(new Token(Token.Kind.IDENT, joined, null, l, c));
                return;
            }
            pos = save;
        }
        if (word.equals("in") && peek(0) == '~') {
            pos++;
            out.add(new Token(Token.Kind.OP, "in~", null, l, c));
            return;
        }
        out.add(new Token(Token.Kind.IDENT, word, null, l, c));
        if (RAW_LITERAL_CALLS.contains(word)) {
            readRawArgument();
        }
    }

    /** After datetime/timespan: if "(" follows and the argument is not quoted, the argument is raw text. */
    private void readRawArgument() {
        int save = pos;
        int saveLine = line;
        int saveLineStart = lineStart;
        skipSpaceAndComments();
        if (peek(0) != '(') {
            restore(save, saveLine, saveLineStart);
            return;
        }
        int pl = line;
        int pc = col();
        pos++;
        while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) {
            pos++;
        }
        char first = peek(0);
        if (first == '"' || first == '\'' || first == ')' || first == '\0') {
            restore(save, saveLine, saveLineStart);
            return;
        }
        int rl = line;
        int rc = col();
        int start = pos;
        while (pos < src.length() && src.charAt(pos) != ')' && src.charAt(pos) != '\n') {
            pos++;
        }
        if (peek(0) != ')') {
            throw error(rl, rc, "expected ')' to close the literal");
        }
        String raw = src.substring(start, pos).trim();
        out.add(new Token(Token.Kind.OP, "(", null, pl, pc));
        out.add(new Token(Token.Kind.RAW, raw, raw, rl, rc));
        out.add(new Token(Token.Kind.OP, ")", null, line, col()));
        pos++;
    }

    private void restore(int p, int l, int ls) {
        pos = p;
        line = l;
        lineStart = ls;
    }

    private String readQuoted(int l, int c) {
        char quote = src.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw error(l, c, "unterminated string literal");
            }
            char ch = src.charAt(pos++);
            if (ch == quote) {
                return sb.toString();
            }
            if (ch != '\\') {
                sb.append(ch);
                continue;
            }
            if (pos >= src.length()) {
                throw error(l, c, "unterminated string literal");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case '0': sb.append('\0'); break;
                case '\\': sb.append('\\'); break;
                case '"': sb.append('"'); break;
                case '\'': sb.append('\''); break;
                case 'u': {
                    if (pos + 4 > src.length()) {
                        throw error(line, col(), "bad \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error(line, col(), "bad \\u escape");
                    }
                    pos += 4;
                    break;
                }
                default:
                    throw error(line, col() - 2, "unknown escape '\\" + e + "' (use @\"...\" for a verbatim string)");
            }
        }
    }

    /** @"..." : backslashes are literal; a doubled quote stands for one quote. */
    private String readVerbatim(int l, int c) {
        char quote = src.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw error(l, c, "unterminated string literal");
            }
            char ch = src.charAt(pos++);
            if (ch == quote) {
                if (peek(0) == quote) {
                    sb.append(quote);
                    pos++;
                    continue;
                }
                return sb.toString();
            }
            sb.append(ch);
        }
    }

    /**
     * An ASCII digit: Kusto's numbers are ASCII, and Character.isDigit would take other scripts' digits that the
     * number parsers then refuse with a stack trace (found by fuzzing: "7.\u0664").
     */
    public static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private void readNumber(int l, int c) {
        int start = pos;
        while (digit(peek(0))) {
            pos++;
        }
        boolean real = false;
        if (peek(0) == '.' && digit(peek(1))) {
            real = true;
            pos++;
            while (digit(peek(0))) {
                pos++;
            }
        }
        if ((peek(0) == 'e' || peek(0) == 'E')
                && (digit(peek(1)) || ((peek(1) == '-' || peek(1) == '+') && digit(peek(2))))) {
            real = true;
            pos += 2;
            while (digit(peek(0))) {
                pos++;
            }
        }
        String num = src.substring(start, pos);
        if (isIdentStart(peek(0))) {
            String unit = identAt();
            Long perUnit = Durations.unitNanos(unit);
            if (perUnit == null) {
                throw error(l, c, "invalid number '" + num + unit + "' (timespan units: d, h, m, s, ms, microsecond, tick)");
            }
            double v = Double.parseDouble(num);
            out.add(new Token(Token.Kind.TIMESPAN, num + unit, Math.round(v * perUnit), l, c));
            return;
        }
        if (real) {
            out.add(new Token(Token.Kind.REAL, num, Double.parseDouble(num), l, c));
        } else {
            try {
                out.add(new Token(Token.Kind.LONG, num, Long.parseLong(num), l, c));
            } catch (NumberFormatException e) {
                throw error(l, c, "number '" + num + "' is out of range for long");
            }
        }
    }

    private static final String[] OPERATORS = {
        "==", "!=", "=~", "!~", "<>", "<=", ">=", "..", "<", ">", "=", "|", ",", ";", "(", ")", "[", "]", "{", "}",
        "+", "-", "*", "/", "%", ".", ":", "~"
    };

    private void readOperator(int l, int c, char ch) {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                out.add(new Token(Token.Kind.OP, op, null, l, c));
                return;
            }
        }
        String shown = Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : String.valueOf(ch);
        throw error(l, c, "unexpected character '" + shown + "'");
    }
}
