package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.KType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Encodings and hashes of text: base64, URL encoding, MD5/SHA-1/SHA-256 and xxhash64. Every function reads its
 * argument's text form as UTF-8. Kusto hashes a non-string value's binary form; Hookline hashes its text form, so
 * hash(datetime(...)) differs from Kusto's while hash("text") and the digests of strings agree. See
 * {@link StringFunctions} for how to add a function.
 */
public final class EncodingFunctions {
    private EncodingFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("base64_encode_tostring").args(1).signature("base64_encode_tostring(text)")
                .doc("text's UTF-8 bytes in base64.")
                .returns(KType.STRING).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofString(f -> Base64.getEncoder().encodeToString(
                            v.evalString(f).getBytes(StandardCharsets.UTF_8)), v);
                }));
        t.add(FunctionDef.named("base64_decode_tostring").alias("base64_decodestring").args(1)
                .signature("base64_decode_tostring(base64)")
                .doc("base64 decoded and read as UTF-8; \"\" when it is not base64 or not UTF-8"
                        + " (base64_decodestring is the deprecated name).")
                .returns(KType.STRING).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofString(f -> decodeBase64(v.evalString(f)), v);
                }));
        t.add(FunctionDef.named("url_encode").args(1).signature("url_encode(url)")
                .doc("url with reserved characters as %xx (lower-case hex) and spaces as '+'.")
                .returns(KType.STRING).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofString(f -> urlEncode(v.evalString(f), "+"), v);
                }));
        t.add(FunctionDef.named("url_encode_component").args(1).signature("url_encode_component(url)")
                .doc("url with reserved characters as %xx (lower-case hex) and spaces as %20.")
                .returns(KType.STRING).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofString(f -> urlEncode(v.evalString(f), "%20"), v);
                }));
        t.add(FunctionDef.named("url_decode").args(1).signature("url_decode(encoded)")
                .doc("%xx sequences decoded as UTF-8 and '+' as a space; \"\" when the result is not UTF-8.")
                .returns(KType.STRING).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofString(f -> urlDecode(v.evalString(f)), v);
                }));
        for (String[] h : new String[][] {{"hash_md5", "MD5"}, {"hash_sha1", "SHA-1"}, {"hash_sha256", "SHA-256"}}) {
            String algorithm = h[1];
            digest(algorithm); // fails at startup, not per row, if the JVM lacks it
            t.add(FunctionDef.named(h[0]).args(1).signature(h[0] + "(value)")
                    .doc("The " + algorithm + " digest of value's text in UTF-8, as lower-case hex.")
                    .returns(KType.STRING).node((c, type) -> {
                        Node v = c.text(0);
                        return FnNode.ofString(f -> hex(digest(algorithm).digest(
                                v.evalString(f).getBytes(StandardCharsets.UTF_8))), v);
                    }));
        }
        t.add(FunctionDef.named("hash").alias("hash_xxhash64").args(1, 2).signature("hash(value [, mod])")
                .doc("xxhash64 of value's text in UTF-8 (a long), or that modulo mod (0 to mod-1) when given.")
                .returns(c -> {
                    if (c.size() == 2) {
                        Types.whole(c, 1, "mod");
                    }
                    return KType.LONG;
                })
                .node((c, type) -> {
                    Node v = c.text(0);
                    if (c.size() == 1) {
                        return FnNode.ofLong(KType.LONG, f -> XxHash64.hash(v.evalString(f).getBytes(StandardCharsets.UTF_8)),
                                v);
                    }
                    Node mod = c.arg(1);
                    return FnNode.ofLong(KType.LONG, f -> {
                        long m = mod.evalLong(f);
                        if (m == Node.NULL || m <= 0) {
                            return Node.NULL;
                        }
                        long h = XxHash64.hash(v.evalString(f).getBytes(StandardCharsets.UTF_8));
                        return Long.remainderUnsigned(h, m);
                    }, v, mod);
                }));
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    static String decodeBase64(String s) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s.trim());
        } catch (IllegalArgumentException e) {
            return "";
        }
        return strictUtf8(bytes);
    }

    /** The bytes as UTF-8 text, or "" when they are not valid UTF-8. */
    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "";
        }
    }

    /** .NET's HttpUtility.UrlEncode, which Kusto uses: letters, digits and -_.!*() stay; hex is lower case. */
    static String urlEncode(String s, String space) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int ch = b & 0xFF;
            if (ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || "-_.!*()".indexOf(ch) >= 0) {
                sb.append((char) ch);
            } else if (ch == ' ') {
                sb.append(space);
            } else {
                sb.append('%').append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 0xF, 16));
            }
        }
        return sb.toString();
    }

    /** '+' is a space, %xx a byte; a '%' not followed by two hex digits is kept as it is. */
    static String urlDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%' && i + 2 < in.length && Character.digit(in[i + 1], 16) >= 0
                    && Character.digit(in[i + 2], 16) >= 0) {
                out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return strictUtf8(out.toByteArray());
    }
}
