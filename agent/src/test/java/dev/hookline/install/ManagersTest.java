package dev.hookline.install;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ManagersTest {
    @Test
    void nodeRunningTheNpmScriptIsNpmButNodeRunningAnythingElseIsNot() {
        assertEquals("npm", Managers.of("node", "node /usr/bin/npm install --no-audit"));
        assertEquals("npm", Managers.of("node", "/usr/bin/node /usr/lib/node_modules/npm/bin/npm-cli.js ci"));
        assertEquals("pnpm", Managers.of("node", "node /usr/local/lib/node_modules/pnpm/bin/pnpm.cjs install"));
        assertEquals("yarn", Managers.of("node18", "node --max-old-space-size=4096 /opt/yarn/bin/yarn.js"));
        assertNull(Managers.of("node", "./node --rate 500 --seconds 20 --match-rate 10"), "exec-storm's node");
        assertNull(Managers.of("node", "node server.js"));
        assertNull(Managers.of("node", null));
    }

    @Test
    void pythonRunningPipAsModuleOrScriptIsPip() {
        assertEquals("pip", Managers.of("python3.11", "/usr/bin/python3.11 -m pip install ./x"));
        assertEquals("pip", Managers.of("python3", "/usr/bin/python3 /usr/local/bin/pip3 install x"));
        assertEquals("poetry", Managers.of("python3", "python3 /root/.local/bin/poetry install"));
        assertNull(Managers.of("python3", "python3 -m http.server"));
        assertNull(Managers.of("python3", "python3 setup.py egg_info"));
    }

    @Test
    void managersByTheirOwnNameIncludingVersionedOnes() {
        assertEquals("dpkg", Managers.of("dpkg", "dpkg -i x.deb"));
        assertEquals("cargo", Managers.of("cargo", "cargo build --offline"));
        assertEquals("pip", Managers.of("pip3.12", null));
        assertEquals("gem", Managers.of("ruby", "ruby /usr/bin/gem install x"));
        assertNull(Managers.of("sh", "sh -c true"));
        assertNull(Managers.of("", ""));
        assertNull(Managers.of(null, "npm"));
    }
}
