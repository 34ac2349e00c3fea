package dev.hookline.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The scanner behind the structure tests: what counts as a dependency, and how a cycle is reported. */
class ImportGraphFindsCyclesTest {
    private static Map<String, String> sources(String... fileAndText) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < fileAndText.length; i += 2) {
            m.put(fileAndText[i], fileAndText[i + 1]);
        }
        return m;
    }

    @Test
    void twoPackagesImportingEachOtherAreACycleNamedWithFileAndLine() {
        ImportGraph g = ImportGraph.of(sources(
                "dev/hookline/a/A.java", "package dev.hookline.a;\n\nimport dev.hookline.b.B;\nclass A {}\n",
                "dev/hookline/b/B.java", "package dev.hookline.b;\nimport dev.hookline.a.A;\nclass B {}\n"));
        assertEquals(List.of(List.of("dev.hookline.a", "dev.hookline.b")), g.cycles());
        String d = g.describeCycles();
        assertTrue(d.contains("package cycle among [dev.hookline.a, dev.hookline.b]"), d);
        assertTrue(d.contains("dev.hookline.a -> dev.hookline.b: dev/hookline/a/A.java:3 imports dev.hookline.b.B"), d);
        assertTrue(d.contains("dev.hookline.b -> dev.hookline.a: dev/hookline/b/B.java:2 imports dev.hookline.a.A"), d);
    }

    @Test
    void aFullyQualifiedNameInCodeIsADependency() {
        ImportGraph g = ImportGraph.of(sources(
                "A.java", "package dev.hookline.a;\nclass A { Object o = dev.hookline.b.B.make(); }\n",
                "B.java", "package dev.hookline.b;\nclass B { dev.hookline.a.A a; }\n"));
        assertEquals(1, g.cycles().size());
        assertTrue(g.describeCycles().contains("A.java:2 names dev.hookline.b.B"), g.describeCycles());
    }

    @Test
    void staticAndWildcardImportsAreDependencies() {
        ImportGraph g = ImportGraph.of(sources(
                "A.java", "package dev.hookline.a;\nimport static dev.hookline.b.B.*;\nclass A {}\n",
                "B.java", "package dev.hookline.b;\nimport dev.hookline.c.*;\nclass B {}\n",
                "C.java", "package dev.hookline.c;\nimport static dev.hookline.a.A.run;\nclass C {}\n"));
        assertEquals(List.of(List.of("dev.hookline.a", "dev.hookline.b", "dev.hookline.c")), g.cycles());
        assertTrue(g.describeCycles().contains("B.java:2 imports dev.hookline.c.*"), g.describeCycles());
    }

    @Test
    void namesInCommentsAndStringsAreNotDependencies() {
        ImportGraph g = ImportGraph.of(sources(
                "A.java", "package dev.hookline.a;\n// import dev.hookline.b.B;\n/* dev.hookline.b.B\n */\n"
                        + "class A { String s = \"dev.hookline.b.B\"; char c = '\"'; String t = \"\"\"\n"
                        + "  dev.hookline.b.B \"\"\"; /** {@link dev.hookline.b.B} */ }\n",
                "B.java", "package dev.hookline.b;\nimport dev.hookline.a.A;\nclass B {}\n"));
        assertEquals(List.of(), g.cycles());
        assertEquals(1, g.refs().size(), g.refs().toString());
    }

    @Test
    void aChainIsNoCycleAndSamePackageUseIsNoEdge() {
        ImportGraph g = ImportGraph.of(sources(
                "A.java", "package dev.hookline.a;\nimport dev.hookline.b.B;\nimport dev.hookline.a.Other;\nclass A {}\n",
                "B.java", "package dev.hookline.b;\nimport dev.hookline.c.C;\nclass B {}\n",
                "C.java", "package dev.hookline.c;\nimport dev.hookline.schema.Event;\nclass C {}\n"));
        assertEquals(List.of(), g.cycles());
        assertEquals("", g.describeCycles());
        assertEquals(3, g.refs().size(), g.refs().toString());
    }

    @Test
    void aNestedTypeBelongsToItsOuterTypesPackage() {
        assertEquals("dev.hookline.kql.parse", ImportGraph.packageOf("dev.hookline.kql.parse.Ast.Call"));
        assertEquals("dev.hookline.kql.parse", ImportGraph.packageOf("dev.hookline.kql.parse"));
    }
}
