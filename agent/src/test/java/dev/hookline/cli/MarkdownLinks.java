package dev.hookline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The relative links of a Markdown file that point nowhere (web links and in-page anchors are not checked). */
final class MarkdownLinks {
    /** [text](target) or [text](target "title"); the target ends at whitespace or the closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");

    private MarkdownLinks() {
    }

    static List<String> broken(Path markdown) throws IOException {
        List<String> broken = new ArrayList<>();
        boolean fenced = false;
        int lineNo = 0;
        for (String line : Files.readAllLines(markdown)) {
            lineNo++;
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("#") || target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // an anchor in this page, or a URL (https:, mailto:)
                }
                String file = target.replaceAll("[#?].*$", "");
                if (!Files.exists(markdown.getParent().resolve(file))) {
                    broken.add(markdown.getFileName() + ":" + lineNo + ": " + target);
                }
            }
        }
        return broken;
    }
}
