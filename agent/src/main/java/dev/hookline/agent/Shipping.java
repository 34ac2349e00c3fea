package dev.hookline.agent;

import dev.hookline.collector.HostIdentity;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.Secret;
import dev.hookline.output.FsyncPolicy;
import dev.hookline.transport.client.ShippingConfig;
import dev.hookline.transport.client.ShippingOutput;
import dev.hookline.transport.spool.Spool;
import dev.hookline.transport.tls.TlsFiles;
import java.io.IOException;

/** Builds the collector-shipping output from the agent config. */
final class Shipping {
    private Shipping() {
    }

    static ShippingOutput output(AgentConfig.Shipping c, HostIdentity host) throws IOException {
        ShippingConfig sc = new ShippingConfig(c.host(), c.port(), c.spoolDir()).agentId(host.deviceName())
                .spool(new Spool.Config(c.spoolMaxMb() << 20, Math.min(8L << 20, (c.spoolMaxMb() << 20) / 4),
                        FsyncPolicy.defaultPolicy()));
        if (c.tlsEnabled()) {
            sc.tls(new TlsFiles(c.caCert(), c.cert(), c.key()));
        }
        Secret token = Secret.fromEnv(c.bearerTokenEnv(), "alerts.collector.bearer_token_env");
        if (token != null) {
            sc.bearerToken(token.reveal());
        }
        return new ShippingOutput(sc);
    }
}
