package dev.hookline.linux.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Rebuilds argv from an event's EXECVE records exactly as the kernel wrote them (kernel/auditsc.c
 * audit_log_execve_info): {@code argc=N a0=... a1=...}; each value quoted when printable, hex when it has spaces,
 * quotes or control/non-ASCII bytes; an argument that does not fit the rest of a record (~7500 bytes budget) is
 * written as {@code aN_len=L aN[0]=...} with the following chunks {@code aN[1]=...} in later EXECVE records, each
 * chunk quoted or hex on its own, and L the total encoded length. Chunks are decoded to bytes, concatenated, then
 * read as UTF-8.
 * <p>
 * Nothing is guessed: a missing argument or chunk, a chunk total that disagrees with aN_len, or an argc that
 * disagrees with the arguments present is reported in {@link #problems()}; arguments that are present are kept
 * in order (those past argc too, as they are real data).
 */
public final class ExecveArgs {
    /** Arguments past this many are not kept (the kernel allows far more; the command line is capped anyway). */
    static final int MAX_ARGS = 4096;

    private final List<String> argv;
    private final long argc;
    private final List<String> problems;

    private ExecveArgs(List<String> argv, long argc, List<String> problems) {
        this.argv = argv;
        this.argc = argc;
        this.problems = problems;
    }

    public List<String> argv() {
        return argv;
    }

    /** The argc the kernel declared, or -1 when absent. */
    public long argc() {
        return argc;
    }

    /** Empty when argv is complete and consistent. */
    public List<String> problems() {
        return problems;
    }

    public boolean complete() {
        return problems.isEmpty();
    }

    private static final class Arg {
        String whole;
        boolean wholeBad;
        long declaredLen = -1;
        final TreeMap<Integer, String> chunks = new TreeMap<>();
    }

    public static ExecveArgs rebuild(List<AuditRecord> execveRecords) {
        List<String> problems = new ArrayList<>();
        long argc = -1;
        TreeMap<Integer, Arg> args = new TreeMap<>();
        for (AuditRecord r : execveRecords) {
            AuditFields f = r.fields();
            for (int i = 0; i < f.size(); i++) {
                String k = f.key(i);
                String v = f.rawValue(i);
                if (k.equals("argc")) {
                    long a = AuditFields.parseDecimal(v, -1);
                    if (argc >= 0 && a != argc) {
                        problems.add("argc given twice (" + argc + ", " + a + ")");
                    }
                    argc = a;
                    continue;
                }
                if (k.length() < 2 || k.charAt(0) != 'a' || !Character.isDigit(k.charAt(1))) {
                    continue;
                }
                int j = 1;
                while (j < k.length() && Character.isDigit(k.charAt(j))) {
                    j++;
                }
                if (j - 1 > 6) {
                    problems.add("bad field " + k);
                    continue;
                }
                int n = Integer.parseInt(k.substring(1, j));
                if (n >= MAX_ARGS) {
                    if (!problems.contains("more than " + MAX_ARGS + " arguments")) {
                        problems.add("more than " + MAX_ARGS + " arguments");
                    }
                    continue;
                }
                String rest = k.substring(j);
                Arg a = args.computeIfAbsent(n, x -> new Arg());
                if (rest.isEmpty()) {
                    if (a.whole != null || a.wholeBad) {
                        problems.add("a" + n + " given twice");
                    }
                    a.whole = v;
                    if (AuditFields.decode(v) == null) {
                        a.wholeBad = true;
                    }
                } else if (rest.equals("_len")) {
                    a.declaredLen = AuditFields.parseDecimal(v, -1);
                } else if (rest.length() > 2 && rest.charAt(0) == '[' && rest.charAt(rest.length() - 1) == ']') {
                    long c = AuditFields.parseDecimal(rest.substring(1, rest.length() - 1), -1);
                    if (c < 0 || c > 100_000) {
                        problems.add("bad chunk index in " + k);
                    } else if (a.chunks.put((int) c, v) != null) {
                        problems.add("a" + n + "[" + c + "] given twice");
                    }
                } else {
                    problems.add("unknown field " + k);
                }
            }
        }
        if (argc < 0) {
            problems.add("argc missing");
        }
        long expected = Math.max(argc, args.isEmpty() ? 0 : args.lastKey() + 1L);
        List<String> argv = new ArrayList<>((int) Math.min(expected, MAX_ARGS));
        List<Integer> missing = new ArrayList<>();
        for (int n = 0; n < Math.min(expected, MAX_ARGS); n++) {
            Arg a = args.get(n);
            if (a == null) {
                missing.add(n);
                continue;
            }
            String value = assemble(n, a, problems);
            if (value == null) {
                missing.add(n);
            } else {
                argv.add(value);
            }
        }
        if (!missing.isEmpty()) {
            problems.add("missing arguments " + abbreviate(missing));
        }
        if (argc >= 0 && !args.isEmpty() && args.lastKey() + 1L > argc) {
            problems.add("argc=" + argc + " but arguments up to a" + args.lastKey() + " present");
        }
        return new ExecveArgs(argv, argc, problems);
    }

    private static String assemble(int n, Arg a, List<String> problems) {
        if (a.whole != null && a.chunks.isEmpty()) {
            byte[] b = AuditFields.decode(a.whole);
            if (b == null) {
                problems.add("a" + n + " is not decodable");
                return null;
            }
            return new String(b, StandardCharsets.UTF_8);
        }
        if (a.chunks.isEmpty()) {
            problems.add("a" + n + "_len without chunks");
            return null;
        }
        if (a.whole != null) {
            problems.add("a" + n + " given both whole and in chunks");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long encoded = 0;
        int expect = 0;
        boolean ok = true;
        for (var e : a.chunks.entrySet()) {
            if (e.getKey() != expect) {
                problems.add("a" + n + " chunk " + expect + " missing");
                ok = false;
                break;
            }
            byte[] b = AuditFields.decode(e.getValue());
            if (b == null) {
                problems.add("a" + n + "[" + e.getKey() + "] is not decodable");
                ok = false;
                break;
            }
            out.write(b, 0, b.length);
            encoded += AuditFields.encodedLength(e.getValue());
            expect++;
        }
        if (!ok) {
            return null;
        }
        if (a.declaredLen < 0) {
            problems.add("a" + n + "_len missing");
        } else if (a.declaredLen != encoded) {
            problems.add("a" + n + "_len=" + a.declaredLen + " but " + encoded + " received");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String abbreviate(List<Integer> idx) {
        if (idx.size() <= 8) {
            return idx.toString();
        }
        return idx.subList(0, 8) + " and " + (idx.size() - 8) + " more";
    }
}
