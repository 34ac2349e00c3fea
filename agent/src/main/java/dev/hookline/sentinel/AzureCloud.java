package dev.hookline.sentinel;

import java.net.URI;
import java.util.Locale;

/**
 * The Azure clouds the Logs Ingestion API runs in. A cloud fixes three things together, so they can never disagree:
 * the Microsoft Entra authority that issues tokens (Entra's "national clouds" page), the ingestion resource whose
 * scope the token is requested for (the Azure Monitor Ingestion SDKs' LogsIngestionAudience), and the audience a
 * workload identity federation token must carry (the federated credential's documented per-cloud audience). The
 * ingestion endpoint itself is the DCR's (or DCE's), which already names its cloud.
 */
public enum AzureCloud {
    AZURE_PUBLIC("AzurePublic", "https://login.microsoftonline.com", "https://monitor.azure.com/",
            "api://AzureADTokenExchange"),
    AZURE_US_GOVERNMENT("AzureUSGovernment", "https://login.microsoftonline.us", "https://monitor.azure.us/",
            "api://AzureADTokenExchangeUSGov"),
    AZURE_CHINA("AzureChina", "https://login.partner.microsoftonline.cn", "https://monitor.azure.cn/",
            "api://AzureADTokenExchangeChina");

    private final String configName;
    private final URI authority;
    private final String resource;
    private final String federationAudience;

    AzureCloud(String configName, String authority, String resource, String federationAudience) {
        this.configName = configName;
        this.authority = URI.create(authority);
        this.resource = resource;
        this.federationAudience = federationAudience;
    }

    /** The name the config uses ({@code cloud: AzureUSGovernment}). */
    public String configName() {
        return configName;
    }

    /** The Microsoft Entra authority host of this cloud. */
    public URI authority() {
        return authority;
    }

    /**
     * The Logs Ingestion resource (managed identity endpoints take a resource). Its trailing slash is part of it:
     * the v2 scope is the resource plus "/.default", hence the documented double slash in
     * {@code https://monitor.azure.com//.default}.
     */
    public String resource() {
        return resource;
    }

    /** The OAuth2 v2 scope for the Logs Ingestion API in this cloud. */
    public String scope() {
        return resource + "/.default";
    }

    /** The audience an external (federated) token must carry for this cloud's Entra to accept it. */
    public String federationAudience() {
        return federationAudience;
    }

    /** The cloud of that config name (case-insensitive), or an error listing the names. */
    public static AzureCloud byName(String name) {
        String n = name == null ? "" : name.trim();
        for (AzureCloud c : values()) {
            if (c.configName.toLowerCase(Locale.ROOT).equals(n.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("cloud must be one of " + names() + ", got '" + n + "'");
    }

    /** The config names, for messages. */
    public static String names() {
        StringBuilder b = new StringBuilder();
        for (AzureCloud c : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(c.configName);
        }
        return b.toString();
    }
}
