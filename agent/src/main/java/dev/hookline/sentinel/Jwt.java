package dev.hookline.sentinel;

import java.io.IOException;

/** The one check made on an external token before it is sent: it has a JWT's three base64url parts. */
final class Jwt {
    private Jwt() {
    }

    static void requireShape(String token, String where) throws IOException {
        if (token == null || token.isEmpty()) {
            throw new IOException(where + " holds no token");
        }
        if (!token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")) {
            // never echo it: it is a credential
            throw new IOException(where + " does not hold a JWT (three base64url parts separated by dots)");
        }
    }
}
