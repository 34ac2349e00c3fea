package dev.hookline.kql.expr;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.parse.KType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code s matches regex "re"}: true when the (case-sensitive, RE2-syntax, see {@link Re2}) pattern is found anywhere
 * in s, as Kusto's operator does. The pattern is a constant compiled once. Each evaluating thread reuses one Matcher,
 * so a test allocates nothing. java.util.regex backtracks where RE2 would not, so a hostile command line against a
 * pattern like (a+)+ could take exponential time on the single detection thread: every match runs under a budget of
 * character reads (linear in the input for any sane pattern); a match that exceeds it is abandoned, read as false
 * and counted in {@link #abandoned()}.
 */
public final class RegexMatch extends Node {
    /** Character reads allowed per match, per input character, on top of a fixed allowance. */
    static final long READS_PER_CHAR = 2_000;
    static final long READS_BASE = 100_000;

    private static final AtomicLong ABANDONED = new AtomicLong();

    private final Node input;
    private final Pattern pattern;
    private final ThreadLocal<State> state;

    public RegexMatch(Node input, Pattern pattern) {
        super(KType.BOOL, input);
        this.input = input;
        this.pattern = pattern;
        this.state = ThreadLocal.withInitial(() -> new State(pattern));
    }

    /**
     * A column matched against a pattern that opens with literal chars (`-(W|R)\s?...`): only rows whose value
     * contains one of the strings {@link RegexLiterals} reads can match, case-sensitively as the regex compares.
     */
    @Override
    public ArmGate gate() {
        if (!(input instanceof Nodes.EventString)) {
            return null;
        }
        java.util.List<String> needles = RegexLiterals.required(pattern);
        return needles.isEmpty() ? null : ArmGate.containing(((Nodes.EventString) input).id, false, needles);
    }

    /**
     * A backtracking matcher tries the pattern at every position of the value, each try walking its alternatives:
     * far dearer per char than a term scan (the registry-host pattern over a short RemoteUrl cost more than the
     * whole `has_any` / ancestry `or` beside it, and ran first while it was priced as a plain function call).
     */
    @Override
    public double cost() {
        return input.cost() + 4 + 4 * Order.textLength(input);
    }

    /** Matches abandoned because they exceeded their budget (pathological backtracking), since start. */
    public static long abandoned() {
        return ABANDONED.get();
    }

    @Override
    public long evalLong(Frame f) {
        String s = input.evalString(f);
        if (s == null) {
            s = "";
        }
        State st = state.get();
        st.text.reset(s, READS_BASE + READS_PER_CHAR * s.length());
        try {
            boolean found = st.matcher.reset(st.text).find();
            return found ? TRUE : FALSE;
        } catch (BudgetExceeded e) {
            ABANDONED.incrementAndGet();
            return FALSE;
        } finally {
            st.text.reset("", 0); // do not pin the event's string
            st.matcher.reset(st.text);
        }
    }

    /**
     * A matcher over s that reads at most the budget a {@code matches regex} test gets for s, over all its finds;
     * past that it throws {@link BudgetExceeded}. For the regex library functions (extract, replace_regex, ...),
     * which catch it, count it with {@link #countAbandoned()} and return null.
     */
    public static Matcher budgetedMatcher(Pattern p, String s) {
        BudgetedText t = new BudgetedText();
        t.reset(s, READS_BASE + READS_PER_CHAR * s.length());
        return p.matcher(t);
    }

    /** Counts one match abandoned by a library function. */
    public static void countAbandoned() {
        ABANDONED.incrementAndGet();
    }

    private static final class State {
        final BudgetedText text = new BudgetedText();
        final Matcher matcher;

        State(Pattern p) {
            matcher = p.matcher(text);
        }
    }

    /** Thrown by a budgeted matcher's input once the match has read more than its budget. */
    public static final class BudgetExceeded extends RuntimeException {
        static final BudgetExceeded INSTANCE = new BudgetExceeded();

        private BudgetExceeded() {
            super("regex budget exceeded", null, false, false);
        }
    }

    /** The input as the Matcher sees it, counting reads. */
    private static final class BudgetedText implements CharSequence {
        private String s = "";
        private long left;

        void reset(String s, long budget) {
            this.s = s;
            this.left = budget;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw BudgetExceeded.INSTANCE;
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
