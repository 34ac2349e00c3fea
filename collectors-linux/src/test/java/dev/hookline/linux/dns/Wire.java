package dev.hookline.linux.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: DNS wire bytes written out literally (hex) with readable names. */
final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Wire hex(String h) {
        String s = h.replace(" ", "");
        for (int i = 0; i < s.length(); i += 2) {
            out.write(Integer.parseInt(s.substring(i, i + 2), 16));
        }
        return this;
    }

    /** Labels of a name, ending with the root label unless the name is followed by a pointer (then pass false). */
    Wire name(String dotted, boolean terminate) {
        for (String l : dotted.split("\\.")) {
            byte[] b = l.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.write(b, 0, b.length);
        }
        if (terminate) {
            out.write(0);
        }
        return this;
    }

    Wire name(String dotted) {
        return name(dotted, true);
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
