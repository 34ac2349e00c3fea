package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README stays short and true: at most 250 lines, every `hookline` command and `--option` it names exists in
 * the real command tree (what each command's --help would show), and every relative link resolves. The commands
 * and links of CONTRIBUTING.md and docs/*.md are held to the same check.
 */
class ReadmeStaysTrueTest {
    static final int MAX_README_LINES = 250;

    /** The repository root: the first directory up from the module (Maven's working directory) with README.md. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("agent"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }

    private static String readme() throws IOException {
        return Files.readString(repositoryRoot().resolve("README.md"));
    }

    @Test
    void theReadmeHasAtMost250Lines() throws IOException {
        long lines = Files.readAllLines(repositoryRoot().resolve("README.md")).size();
        assertTrue(lines <= MAX_README_LINES, "README.md has " + lines + " lines; at most " + MAX_README_LINES
                + " (move detail to docs/)");
    }

    @Test
    void everyCommandAndOptionTheReadmeNamesExists() throws IOException {
        List<String> problems = new CommandMentions(Main.commandLine()).problems(readme());
        assertEquals(List.of(), problems, "README.md names commands or options that `hookline` does not have");
    }

    @Test
    void everyCommandAndOptionTheOtherPagesNameExists() throws IOException {
        CommandMentions check = new CommandMentions(Main.commandLine());
        List<String> problems = new ArrayList<>();
        for (Path page : otherPages()) {
            for (String p : check.problems(Files.readString(page))) {
                problems.add(page.getFileName() + ": " + p);
            }
        }
        assertEquals(List.of(), problems, "pages name commands or options that `hookline` does not have");
    }

    /** CONTRIBUTING.md and docs/*.md. */
    private static List<Path> otherPages() throws IOException {
        Path root = repositoryRoot();
        List<Path> pages = new ArrayList<>();
        if (Files.isRegularFile(root.resolve("CONTRIBUTING.md"))) {
            pages.add(root.resolve("CONTRIBUTING.md"));
        }
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void theReadmeNamesCommandsForTheCheckToSee() throws IOException {
        // Guards the check above against passing because it found nothing to check.
        long mentions = CommandMentions.codeFragments(readme()).stream()
                .filter(f -> f.matches("(?s).*(?<![\\w.\\-])hookline\\s+[a-z].*")).count();
        assertTrue(mentions >= 15, "only " + mentions + " code fragments name a hookline command");
    }

    @Test
    void aCommandOrOptionThatDoesNotExistIsReported() {
        CommandMentions check = new CommandMentions(Main.commandLine());
        assertEquals(List.of("hookline frobnicate: no such command"),
                check.problems("Run `sudo ./hookline frobnicate --now` first."));
        assertEquals(List.of("hookline rules list-all: no such command"),
                check.problems("```sh\nhookline rules list-all\n```"));
        assertEquals(List.of("hookline run: no option --rules"),
                check.problems("| `hookline run [--config FILE] [--rules PATH]` | the agent |"));
        assertEquals(List.of("hookline certs collector: no option --name", "hookline certs agent: no option --name"),
                check.problems("| `hookline certs ca\\|collector\\|agent [--name N]` | certificates |"));
    }

    @Test
    void realCommandsQuotedQueriesAndWatchedCommandsAreAccepted() {
        CommandMentions check = new CommandMentions(Main.commandLine());
        assertEquals(List.of(), check.problems(String.join("\n",
                "`sudo ./hookline query 'DeviceProcessEvents | where FileName == \"curl\"' --format json`",
                "`sudo hookline watch --fail-on high -- npm ci --no-audit`",
                "| `hookline scenarios run [--only NAME,...] [--format table\\|json]` | runs them |",
                "```sh",
                "./hookline certs ca --dir pki && ./hookline certs collector --dir pki collector.example",
                "```",
                "`hookline_has_ancestor(N, names)`, `hookline.seed.t1195-001`, `/etc/hookline/hookline.yaml`")));
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        Path root = repositoryRoot();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        pages.addAll(otherPages());
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(MarkdownLinks.broken(page));
        }
        assertEquals(List.of(), broken, "links to files that do not exist");
    }
}
