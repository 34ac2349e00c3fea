package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AzureCloudTest {
    private static SentinelSettings settings(AzureCloud c) {
        return new SentinelSettings(URI.create("https://dcr-1.eastus-1.ingest.monitor.azure.com"), "dcr-1", "t1",
                "c1", Secret.of("s"), Path.of("/tmp/spool")).cloud(c);
    }

    @Test
    void eachCloudHasTheScopeTheIngestionSdksDocumentWithItsDoubleSlash() {
        // Azure.Monitor.Ingestion's LogsIngestionAudience and Microsoft's REST tutorial: resource + "/.default"
        assertEquals("https://monitor.azure.com//.default", AzureCloud.AZURE_PUBLIC.scope());
        assertEquals("https://monitor.azure.us//.default", AzureCloud.AZURE_US_GOVERNMENT.scope());
        assertEquals("https://monitor.azure.cn//.default", AzureCloud.AZURE_CHINA.scope());
        assertEquals("https://monitor.azure.us/", AzureCloud.AZURE_US_GOVERNMENT.resource(),
                "the managed identity endpoints take the resource");
    }

    @Test
    void theCloudSetsTheAuthorityOfTheTokenRequestAndTheAssertionAudience() {
        assertEquals("https://login.microsoftonline.com/t1/oauth2/v2.0/token",
                settings(AzureCloud.AZURE_PUBLIC).tokenUri().toString());
        assertEquals("https://login.microsoftonline.us/t1/oauth2/v2.0/token",
                settings(AzureCloud.AZURE_US_GOVERNMENT).tokenUri().toString());
        assertEquals("https://login.partner.microsoftonline.cn/t1/oauth2/v2.0/token",
                settings(AzureCloud.AZURE_CHINA).tokenUri().toString());
        assertEquals("https://login.example.test/t1/oauth2/v2.0/token", settings(AzureCloud.AZURE_CHINA)
                .authorityHost(URI.create("https://login.example.test/")).tokenUri().toString(),
                "an explicit authority_host still wins");
        assertEquals("https://dcr-1.eastus-1.ingest.monitor.azure.com/dataCollectionRules/dcr-1/streams/Custom-X"
                + "?api-version=2023-01-01", settings(AzureCloud.AZURE_CHINA).streamUri("Custom-X").toString(),
                "the ingestion URL stays the DCR's own");
    }

    @Test
    void eachCloudHasItsFederatedCredentialAudience() {
        assertEquals("api://AzureADTokenExchange", AzureCloud.AZURE_PUBLIC.federationAudience());
        assertEquals("api://AzureADTokenExchangeUSGov", AzureCloud.AZURE_US_GOVERNMENT.federationAudience());
        assertEquals("api://AzureADTokenExchangeChina", AzureCloud.AZURE_CHINA.federationAudience());
    }

    @Test
    void cloudNamesAreTheConfigNamesAndAnUnknownOneListsThem() {
        assertEquals(AzureCloud.AZURE_US_GOVERNMENT, AzureCloud.byName("AzureUSGovernment"));
        assertEquals(AzureCloud.AZURE_CHINA, AzureCloud.byName("azurechina"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AzureCloud.byName("AzureGermany"));
        assertTrue(e.getMessage().contains("AzurePublic, AzureUSGovernment, AzureChina, got 'AzureGermany'"),
                e.getMessage());
    }
}
