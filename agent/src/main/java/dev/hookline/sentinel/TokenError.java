package dev.hookline.sentinel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the OAuth2 error body Microsoft Entra ID, IMDS and the Arc agent return ({@code error},
 * {@code error_description}, Entra's {@code error_codes}) into one line that names the AADSTS code first, since
 * that code is what Microsoft's error lookup and support ask for.
 */
final class TokenError {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d+");

    private TokenError() {
    }

    /** The JSON body, or null when it is not JSON. */
    static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** "AADSTS7000215 invalid_client: first line of the description", or whatever of it the body has. */
    static String describe(int status, String body) {
        JsonNode j = json(body);
        StringBuilder b = new StringBuilder("HTTP ").append(status);
        if (j == null || !j.isObject()) {
            String t = body == null ? "" : firstLine(body);
            return t.isEmpty() ? b.toString() : b.append(": ").append(t).toString();
        }
        String code = aadsts(j);
        String err = j.path("error").isTextual() ? j.path("error").asText()
                : j.path("error").path("code").asText(""); // the Logs Ingestion API nests {error:{code,message}}
        String desc = firstLine(j.path("error_description").asText(j.path("error").path("message").asText("")));
        if (code != null) {
            b.append(", ").append(code);
            if (desc.startsWith(code + ":")) {
                desc = desc.substring(code.length() + 1).trim(); // said once is enough
            }
        }
        if (!err.isEmpty()) {
            b.append(", ").append(err);
        }
        if (!desc.isEmpty()) {
            b.append(": ").append(desc);
        }
        return b.toString();
    }

    /** The AADSTS code: from error_codes, else the first one the description mentions; null if none. */
    static String aadsts(JsonNode j) {
        JsonNode codes = j.get("error_codes");
        if (codes != null && codes.isArray() && codes.size() > 0 && codes.get(0).canConvertToLong()) {
            return "AADSTS" + codes.get(0).asLong();
        }
        Matcher m = AADSTS.matcher(j.path("error_description").asText(""));
        return m.find() ? m.group() : null;
    }

    static String firstLine(String t) {
        int nl = t.indexOf('\n');
        String l = (nl < 0 ? t : t.substring(0, nl)).trim();
        return l.length() > 300 ? l.substring(0, 300) + "..." : l;
    }
}
