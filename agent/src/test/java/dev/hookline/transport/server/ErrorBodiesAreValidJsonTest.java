package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ErrorBodiesAreValidJsonTest {
    @Test
    void aMessageWithQuotesBackslashesAndControlCharactersComesBackIntact() throws Exception {
        String message = "cannot decode body: unexpected \"}\" at C:\\x\n\u0000";
        String body = Responses.errorBody(message);
        assertEquals(message, new ObjectMapper().readTree(body).get("error").asText());
        assertEquals("{\"error\":\"POST only\"}", Responses.errorBody("POST only"));
    }
}
