package dev.hookline.install;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.schema.AdditionalFields;
import org.junit.jupiter.api.Test;

class InstallContextTest {
    @Test
    void roundTripsThroughAdditionalFieldsAndLeavesNullsOut() {
        InstallContext c = new InstallContext("npm", "evil", "1.0.3", "postinstall", null);
        String json = c.addTo(new AdditionalFields().put("Other", "x")).json();
        assertEquals("{\"Other\":\"x\",\"InstallManager\":\"npm\",\"InstallPackage\":\"evil\","
                + "\"InstallVersion\":\"1.0.3\",\"InstallPhase\":\"postinstall\"}", json);
        assertEquals(c, InstallContext.fromAdditionalFields(json));
        assertNull(InstallContext.fromAdditionalFields("{\"Other\":1}"));
        assertNull(InstallContext.fromAdditionalFields("{\"InstallManager\":"));
        assertNull(InstallContext.fromAdditionalFields(null));
    }

    @Test
    void labelNamesPackageVersionManagerAndPhase() {
        assertEquals("evil@1.0.3, npm postinstall",
                new InstallContext("npm", "evil", "1.0.3", "postinstall", null).label());
        assertEquals("unknown package, pip", new InstallContext("pip", null, null, null, null).label());
    }
}
