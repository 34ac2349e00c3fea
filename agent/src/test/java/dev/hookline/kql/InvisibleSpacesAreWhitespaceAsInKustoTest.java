package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Queries copied from web pages carry no-break and zero-width spaces; Kusto reads them as whitespace. */
class InvisibleSpacesAreWhitespaceAsInKustoTest {
    @Test
    void noBreakZeroWidthAndByteOrderMarkSpacesSeparateTokens() {
        for (String space : new String[] {"\u00a0", "\u200b", "\u2009", "\u202f", "\u3000", "\ufeff"}) {
            String q = space + "DeviceProcessEvents" + space + "\n|" + space + "where FileName == 'cmd.exe'" + space
                    + "\n| project" + space + "FileName";
            ResultTable r = Kql.compile(q).run(new MemorySource(List.of(
                    Ev.proc(Ev.NOW).s("FileName", "cmd.exe").build())), Ev.NOW);
            assertEquals(1, r.rows().size(), "U+" + Integer.toHexString(space.charAt(0)));
        }
    }

    @Test
    void aVerticalTabIsNotWhitespaceInKusto() {
        KqlException e = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents\n|\u000bwhere FileName == 'x'"));
        assertEquals(2, e.line());
        assertEquals(2, e.column());
    }
}
