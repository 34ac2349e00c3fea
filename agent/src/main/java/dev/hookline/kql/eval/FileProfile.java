package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Defender's built-in `invoke FileProfile(HashColumn, MaxRecords)`: it enriches rows with file intelligence from
 * Microsoft's cloud, which a host does not have. Hookline adds the function's columns as empty (null) values so the
 * query runs (a row operator, so it streams too); Logical warns. Columns the input already has are left as they are.
 */
final class FileProfile {
    private static final Map<String, KType> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("SHA1", KType.STRING);
        COLUMNS.put("SHA256", KType.STRING);
        COLUMNS.put("MD5", KType.STRING);
        COLUMNS.put("FileSize", KType.LONG);
        COLUMNS.put("GlobalPrevalence", KType.LONG);
        COLUMNS.put("GlobalFirstSeen", KType.DATETIME);
        COLUMNS.put("GlobalLastSeen", KType.DATETIME);
        COLUMNS.put("Signer", KType.STRING);
        COLUMNS.put("Issuer", KType.STRING);
        COLUMNS.put("SignerHash", KType.STRING);
        COLUMNS.put("IsCertificateValid", KType.BOOL);
        COLUMNS.put("IsRootSignerMicrosoft", KType.BOOL);
        COLUMNS.put("SignatureState", KType.STRING);
        COLUMNS.put("IsExecutable", KType.BOOL);
        COLUMNS.put("ThreatName", KType.STRING);
        COLUMNS.put("Publisher", KType.STRING);
        COLUMNS.put("SoftwareName", KType.STRING);
        COLUMNS.put("ProfileAvailability", KType.STRING);
    }

    private FileProfile() {
    }

    static boolean is(Ast.Op op) {
        return op instanceof Ast.Invoke && ((Ast.Invoke) op).name().equals("FileProfile");
    }

    /** The input's columns plus each profile column it lacks, as empty. */
    static Schema apply(Schema in) {
        Schema s = in.withOuter(in.outer);
        for (Map.Entry<String, KType> e : COLUMNS.entrySet()) {
            if (s.indexOf(e.getKey()) < 0) {
                s.add(e.getKey(), e.getValue() == KType.STRING ? Nodes.Const.ofString("")
                        : Nodes.Const.nullOf(e.getValue()));
            }
        }
        return s;
    }
}
