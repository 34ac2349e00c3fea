package dev.hookline.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The macOS and Windows service definitions parse and run the agent the way the packages lay it out. */
class PlatformDefinitionsTest {
    private static Element parse(Path p) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(p.toFile()).getDocumentElement();
    }

    @Test
    void launchdPlistRunsTheAgentAsADaemonThatRestartsOnFailure() throws Exception {
        Element dict = (Element) parse(Sh.packagingDir().resolve("macos/dev.hookline.agent.plist"))
                .getElementsByTagName("dict").item(0);
        Map<String, Node> keys = new LinkedHashMap<>();
        String key = null;
        for (Node n = dict.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (e.getTagName().equals("key")) {
                    key = e.getTextContent();
                } else {
                    keys.put(key, e);
                }
            }
        }
        assertEquals("dev.hookline.agent", keys.get("Label").getTextContent());
        List<String> args = new ArrayList<>();
        Node a = keys.get("ProgramArguments");
        for (Node n = a.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                args.add(e.getTextContent());
            }
        }
        assertEquals(List.of("/Library/Application Support/Hookline/bin/hookline", "run", "--config",
                "/Library/Application Support/Hookline/hookline.yaml"), args);
        assertEquals("true", ((Element) keys.get("RunAtLoad")).getTagName());
        assertTrue(keys.containsKey("KeepAlive"));
        assertTrue(Files.isExecutable(Sh.packagingDir().resolve("macos/scripts/postinstall")));
    }

    @Test
    void winswDefinitionRunsTheBundledJavaOnTheLibDir() throws Exception {
        Element svc = parse(Sh.packagingDir().resolve("windows/hookline-service.xml"));
        assertEquals("Hookline", svc.getElementsByTagName("id").item(0).getTextContent());
        assertTrue(svc.getElementsByTagName("executable").item(0).getTextContent().endsWith("runtime\\bin\\java.exe"));
        String args = svc.getElementsByTagName("arguments").item(0).getTextContent();
        assertTrue(args.contains("dev.hookline.cli.Main run --config"), args);
        assertEquals("Automatic", svc.getElementsByTagName("startmode").item(0).getTextContent());
    }
}
