package dev.hookline.selftest;

import java.util.List;
import java.util.Map;

/** Where the self-test reads rows: the agent's live ring through its query path (rows as column → value). */
@FunctionalInterface
interface RowSource {
    List<Map<String, Object>> query(String kql) throws SelftestException;
}
