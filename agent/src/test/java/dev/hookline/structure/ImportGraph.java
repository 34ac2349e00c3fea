package dev.hookline.structure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dev.hookline package graph of one source tree, read from the source text: every {@code import dev.hookline...}
 * (static and wildcard included) and every fully-qualified {@code dev.hookline.x.Y} in code, with comments and
 * string literals blanked first so neither counts. Java needs one of the two to reach another package's type, so
 * together they are every dependency between packages. A small scanner rather than ArchUnit: it needs no new
 * dependency, reads collectors' sources without compiling them together, and its failures name file and line.
 */
final class ImportGraph {
    private static final String ROOT = "dev.hookline";
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])dev\\.hookline(?:\\.[a-z_][\\w]*)*\\.[A-Z]\\w*");

    /** One use of another package: where, and what (a type, or a package for a wildcard import). */
    record Ref(String fromPackage, String file, int line, String target, String targetPackage, boolean isImport) {
        @Override
        public String toString() {
            return file + ":" + line + (isImport ? " imports " : " names ") + target;
        }
    }

    private final Set<String> packages = new TreeSet<>();
    private final List<Ref> refs = new ArrayList<>();

    private ImportGraph() {
    }

    /** Scans every .java file under {@code sourceRoot} (a src/main/java directory). */
    static ImportGraph scan(Path sourceRoot) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                sources.put(sourceRoot.relativize(p).toString().replace('\\', '/'),
                        Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(sources);
    }

    /** The graph of the given sources: file name → text. */
    static ImportGraph of(Map<String, String> sources) {
        ImportGraph g = new ImportGraph();
        sources.forEach(g::read);
        return g;
    }

    Set<String> packages() {
        return packages;
    }

    List<Ref> refs() {
        return refs;
    }

    private void read(String file, String source) {
        String[] lines = blankCommentsAndLiterals(source).split("\n", -1);
        String pkg = null;
        List<Ref> found = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher m = PACKAGE.matcher(line);
            if (m.find()) {
                pkg = m.group(1);
                continue;
            }
            m = IMPORT.matcher(line);
            if (m.find()) {
                String name = m.group(2);
                if (name.startsWith(ROOT + ".")) {
                    boolean wildcard = m.group(3) != null;
                    String target = name;
                    String targetPackage = packageOf(name);
                    if (wildcard && targetPackage.equals(name)) {
                        target = name + ".*"; // import p.*: the whole package
                    }
                    found.add(new Ref(null, file, i + 1, target, targetPackage, true));
                }
                continue;
            }
            m = QUALIFIED.matcher(line);
            while (m.find()) {
                found.add(new Ref(null, file, i + 1, m.group(), packageOf(m.group()), false));
            }
        }
        if (pkg == null) {
            return; // no package: nothing in dev.hookline can depend on it, and it names none
        }
        packages.add(pkg);
        for (Ref r : found) {
            if (!r.targetPackage().equals(pkg)) {
                refs.add(new Ref(pkg, r.file(), r.line(), r.target(), r.targetPackage(), r.isImport()));
            }
        }
    }

    /** The package part of a qualified name: the segments before the first that starts upper-case (a type). */
    static String packageOf(String qualified) {
        String[] parts = qualified.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (String s : parts) {
            if (s.isEmpty() || Character.isUpperCase(s.charAt(0)) || s.equals("*")) {
                break;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /**
     * The source with comments, string, text-block and char literals replaced by spaces, newlines kept (so line
     * numbers stay), so that a package named in a comment or a message is not a dependency.
     */
    static String blankCommentsAndLiterals(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(s, i, end, out);
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !s.startsWith("\"\"\"", end)) {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 3);
                blank(s, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && s.charAt(end) != c && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
                blank(s, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(String s, int from, int to, StringBuilder out) {
        for (int j = from; j < to; j++) {
            out.append(s.charAt(j) == '\n' ? '\n' : ' ');
        }
    }

    /** Package → package it uses → the first use found (by file name, then line), among the scanned packages. */
    Map<String, Map<String, Ref>> edges() {
        Map<String, Map<String, Ref>> edges = new TreeMap<>();
        for (String p : packages) {
            edges.put(p, new TreeMap<>());
        }
        for (Ref r : refs) {
            if (packages.contains(r.targetPackage())) {
                edges.get(r.fromPackage()).putIfAbsent(r.targetPackage(), r);
            }
        }
        return edges;
    }

    /** The strongly connected components of more than one package (Tarjan), each sorted; empty when acyclic. */
    List<List<String>> cycles() {
        return new Tarjan(edges()).run();
    }

    /**
     * One line per cycle, naming its packages, then one line per package with one of its uses of another member
     * (file and line), so the failure says where to cut. Empty when there is no cycle.
     */
    String describeCycles() {
        Map<String, Map<String, Ref>> edges = edges();
        StringBuilder sb = new StringBuilder();
        for (List<String> scc : cycles()) {
            Set<String> members = new TreeSet<>(scc);
            List<String> path = shortestCycle(edges, scc.get(0), members);
            sb.append("package cycle among ").append(scc).append(", e.g. ").append(String.join(" -> ", path))
                    .append('\n');
            Map<String, String> next = new HashMap<>();
            for (int i = 0; i + 1 < path.size(); i++) {
                next.put(path.get(i), path.get(i + 1));
            }
            for (String p : scc) {
                String to = next.get(p);
                if (to == null) {
                    to = edges.get(p).keySet().stream().filter(members::contains).findFirst().orElseThrow();
                }
                sb.append("  ").append(p).append(" -> ").append(to).append(": ").append(edges.get(p).get(to))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /** start, ..., start: a shortest way round through the members (breadth first). */
    private static List<String> shortestCycle(Map<String, Map<String, Ref>> edges, String start, Set<String> members) {
        Map<String, String> parent = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String u = queue.poll();
            for (String v : edges.get(u).keySet()) {
                if (!members.contains(v)) {
                    continue;
                }
                if (v.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String w = u; w != null; w = parent.get(w)) {
                        path.add(0, w);
                    }
                    path.add(start);
                    return path;
                }
                if (!parent.containsKey(v)) {
                    parent.put(v, u);
                    queue.add(v);
                }
            }
        }
        throw new IllegalStateException(start + " is on no cycle");
    }

    /** Tarjan's strongly connected components over the package graph. */
    private static final class Tarjan {
        private final Map<String, Map<String, Ref>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<List<String>> found = new ArrayList<>();

        Tarjan(Map<String, Map<String, Ref>> edges) {
            this.edges = edges;
        }

        List<List<String>> run() {
            for (String v : edges.keySet()) {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            }
            return found;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : edges.get(v).keySet()) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> scc = new ArrayList<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    scc.add(w);
                } while (!w.equals(v));
                if (scc.size() > 1) {
                    scc.sort(null);
                    found.add(scc);
                }
            }
        }
    }
}
