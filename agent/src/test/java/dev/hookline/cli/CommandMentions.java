package dev.hookline.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Finds every `hookline <subcommand>... --option` a Markdown text names where a reader would copy it from (code
 * spans, in tables too, and fenced blocks) and checks it against the real picocli command tree, as `--help` of each
 * command would: each subcommand word must exist under its parent, each `--option` on the command it follows.
 */
final class CommandMentions {
    /** "hookline" as a command word (./hookline, sudo hookline), not part of a path, package or rule id. */
    private static final Pattern COMMAND = Pattern.compile("(?<![\\w.\\-])hookline(?=[ \\t]+\\S)");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    /** A quoted argument (a KQL query, a path): its content is not part of the command line's structure. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    /** Where a shell command line ends and another begins. */
    private static final Pattern COMMAND_END = Pattern.compile("&&|\\|\\||;|\\s\\|\\s|\\s#");
    private static final Pattern SUBCOMMAND_WORD = Pattern.compile("[a-z][a-z0-9-]*(\\|[a-z][a-z0-9-]*)*");

    private final CommandLine root;

    CommandMentions(CommandLine root) {
        this.root = root;
    }

    /** The problems found in a Markdown text, one line each ("hookline frobnicate: no such command"); empty if none. */
    List<String> problems(String markdown) {
        Set<String> problems = new LinkedHashSet<>();
        for (String fragment : codeFragments(markdown)) {
            Matcher m = COMMAND.matcher(fragment);
            while (m.find()) {
                String rest = QUOTED.matcher(fragment.substring(m.end())).replaceAll(" ARG ");
                Matcher end = COMMAND_END.matcher(rest);
                check(end.find() ? rest.substring(0, end.start()) : rest, problems);
            }
        }
        return new ArrayList<>(problems);
    }

    /** The text of code spans (in tables too) and of fenced blocks (line by line): where commands are named. */
    static List<String> codeFragments(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                out.add(line);
                continue;
            }
            // In a table a code span may hold `a\|b` (a bar escaped for the table's sake): read it as a bar. A
            // table's prose is not read: "`/usr/bin/hookline` is a symlink" names no command.
            boolean table = line.strip().startsWith("|");
            Matcher span = CODE_SPAN.matcher(table ? line.replace("\\|", "|") : line);
            while (span.find()) {
                out.add(span.group(1));
            }
        }
        return out;
    }

    private void check(String commandLine, Set<String> problems) {
        List<CommandLine> current = List.of(root);
        boolean inSubcommands = true;
        for (String raw : commandLine.trim().split("\\s+")) {
            String token = raw.replaceAll("^[\\[(]+", "").replaceAll("[\\]),.:]+$", "");
            if (token.isEmpty()) {
                continue;
            }
            if (token.equals("--")) {
                return; // what follows is the watched command's own arguments
            }
            if (token.startsWith("--")) {
                String option = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                for (CommandLine c : current) {
                    if (!c.getCommandSpec().optionsMap().containsKey(option)) {
                        problems.add(qualifiedName(c) + ": no option " + option);
                    }
                }
                inSubcommands = false;
                continue;
            }
            if (!inSubcommands || !SUBCOMMAND_WORD.matcher(token).matches() || !allHaveSubcommands(current)) {
                inSubcommands = false;
                continue;
            }
            List<CommandLine> next = new ArrayList<>();
            for (CommandLine c : current) {
                for (String name : token.split("\\|")) {
                    CommandLine sub = c.getSubcommands().get(name);
                    if (sub == null) {
                        problems.add(qualifiedName(c) + " " + name + ": no such command");
                    } else {
                        next.add(sub);
                    }
                }
            }
            if (next.isEmpty()) {
                return;
            }
            current = next;
        }
    }

    private static boolean allHaveSubcommands(List<CommandLine> commands) {
        for (CommandLine c : commands) {
            Map<String, CommandLine> subs = c.getSubcommands();
            if (subs.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String qualifiedName(CommandLine c) {
        return c.getCommandSpec().qualifiedName(" ");
    }
}
