package dev.hookline.linux.audit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * struct audit_rule_data in binary form: flags (filter list | prepend), action, field_count, mask[64] (syscall
 * bitmap), fields[64], values[64], fieldflags[64] (operators), buflen, buf[] (string values such as the key, in
 * field order; the numeric value of a string field is its length). Built by Hookline, or decoded from an
 * AUDIT_LIST_RULES reply so that exactly the kernel's bytes can be sent back with AUDIT_DEL_RULE.
 */
public final class AuditRuleData {
    static final int HEADER = 12 + 4 * 4 * 64 + 4;
    private static final int MASK_OFF = 12;
    private static final int FIELDS_OFF = MASK_OFF + 256;
    private static final int VALUES_OFF = FIELDS_OFF + 256;
    private static final int FLAGS_OFF = VALUES_OFF + 256;
    private static final int BUFLEN_OFF = FLAGS_OFF + 256;

    private final byte[] bytes;

    private AuditRuleData(byte[] bytes) {
        this.bytes = bytes;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    private ByteBuffer view() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    public int filterFlags() {
        return view().getInt(0);
    }

    public int action() {
        return view().getInt(4);
    }

    public int fieldCount() {
        return view().getInt(8);
    }

    /** The filter list (AUDIT_FILTER_EXIT, AUDIT_FILTER_EXCLUDE, ...), without the prepend flag. */
    public int list() {
        return filterFlags() & 0x7;
    }

    /** Field {@code i}'s type (AUDIT_PID, AUDIT_MSGTYPE, ...). */
    public int fieldType(int i) {
        return view().getInt(FIELDS_OFF + 4 * i);
    }

    /** Field {@code i}'s operator (AUDIT_EQUAL, AUDIT_NOT_EQUAL, ...). */
    public int fieldOp(int i) {
        return view().getInt(FLAGS_OFF + 4 * i);
    }

    /** Field {@code i}'s numeric value (for a string field: the string's length). */
    public int fieldValue(int i) {
        return view().getInt(VALUES_OFF + 4 * i);
    }

    /** The rule's key (AUDIT_FILTERKEY value), or null. */
    public String key() {
        ByteBuffer b = view();
        int n = Math.min(b.getInt(8), AuditProtocol.AUDIT_MAX_FIELDS);
        int buflen = b.getInt(BUFLEN_OFF);
        int strOff = 0;
        for (int i = 0; i < n; i++) {
            int field = b.getInt(FIELDS_OFF + 4 * i);
            if (isStringField(field)) {
                int len = b.getInt(VALUES_OFF + 4 * i);
                if (len < 0 || strOff + len > buflen || HEADER + strOff + len > bytes.length) {
                    return null;
                }
                if (field == AuditProtocol.AUDIT_FILTERKEY) {
                    return new String(bytes, HEADER + strOff, len, StandardCharsets.UTF_8);
                }
                strOff += len;
            }
        }
        return null;
    }

    /** Fields whose value lives in buf (kernel audit_data_to_entry): LSM labels, watch, dir, exe, the key. */
    static boolean isStringField(int field) {
        return (field >= 13 && field <= 17) // AUDIT_SUBJ_USER .. AUDIT_SUBJ_CLR
                || (field >= 19 && field <= 23) // AUDIT_OBJ_USER .. AUDIT_OBJ_LEV_HIGH
                || field == 105 || field == 107 || field == 112 // AUDIT_WATCH, AUDIT_DIR, AUDIT_EXE
                || field == AuditProtocol.AUDIT_FILTERKEY;
    }

    /** Decodes one rule from an AUDIT_LIST_RULES message payload; null when malformed. */
    public static AuditRuleData decode(ByteBuffer b, int off, int len) {
        if (len < HEADER) {
            return null;
        }
        int buflen = b.getInt(off + BUFLEN_OFF);
        if (buflen < 0 || HEADER + buflen > len) {
            return null;
        }
        byte[] out = new byte[HEADER + buflen];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(off + i);
        }
        return new AuditRuleData(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditRuleData && Arrays.equals(bytes, ((AuditRuleData) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "AuditRule{list=" + (filterFlags() & 0x7) + ", action=" + action() + ", fields=" + fieldCount()
                + ", key=" + key() + "}";
    }

    public static Builder builder(int filterFlags, int action) {
        return new Builder(filterFlags, action);
    }

    /** Assembles a rule: syscalls into the mask, numeric fields, and the key last. */
    public static final class Builder {
        private final int filterFlags;
        private final int action;
        private final int[] mask = new int[AuditProtocol.AUDIT_BITMASK_SIZE];
        private final List<int[]> fields = new ArrayList<>();
        private byte[] key;

        Builder(int filterFlags, int action) {
            this.filterFlags = filterFlags;
            this.action = action;
        }

        public Builder syscall(int nr) {
            mask[nr / 32] |= 1 << (nr % 32);
            return this;
        }

        public Builder allSyscalls() {
            Arrays.fill(mask, -1);
            return this;
        }

        public Builder field(int field, int op, int value) {
            fields.add(new int[] {field, op, value});
            return this;
        }

        public Builder key(String k) {
            this.key = k.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public AuditRuleData build() {
            int n = fields.size() + (key == null ? 0 : 1);
            if (n > AuditProtocol.AUDIT_MAX_FIELDS) {
                throw new IllegalStateException("too many rule fields: " + n);
            }
            int buflen = key == null ? 0 : key.length;
            ByteBuffer b = ByteBuffer.allocate(HEADER + buflen).order(ByteOrder.nativeOrder());
            b.putInt(0, filterFlags).putInt(4, action).putInt(8, n);
            for (int i = 0; i < mask.length; i++) {
                b.putInt(MASK_OFF + 4 * i, mask[i]);
            }
            int i = 0;
            for (int[] f : fields) {
                b.putInt(FIELDS_OFF + 4 * i, f[0]).putInt(VALUES_OFF + 4 * i, f[2]).putInt(FLAGS_OFF + 4 * i, f[1]);
                i++;
            }
            if (key != null) {
                b.putInt(FIELDS_OFF + 4 * i, AuditProtocol.AUDIT_FILTERKEY).putInt(VALUES_OFF + 4 * i, key.length)
                        .putInt(FLAGS_OFF + 4 * i, AuditProtocol.AUDIT_EQUAL);
                b.position(HEADER);
                b.put(key);
            }
            b.putInt(BUFLEN_OFF, buflen);
            return new AuditRuleData(b.array());
        }
    }
}
