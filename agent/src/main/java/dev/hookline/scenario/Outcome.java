package dev.hookline.scenario;

/** What happened in one cell of the matrix (scenario × rule arm). */
public enum Outcome {
    /** Expected and fired. */
    CAUGHT("caught", false),
    /** Expected and did not fire: a detection gap. */
    MISSED("MISSED", true),
    /** Should have fired, did not, and that is a known, tracked gap (the note says why): shown, not failed. */
    MISSED_KNOWN_GAP("MISSED (known gap)", false),
    /** Documented as missed by this arm (by design) and it did not fire. */
    MISSED_AS_DOCUMENTED("missed (by design)", false),
    /** Documented as a miss, yet it fired: worth a look, not a failure. */
    FIRED_DESPITE_DOCUMENTED_MISS("fired (documented as a miss)", false),
    /** A rule from another branch, not in the loaded packs yet. */
    PENDING_NOT_LOADED("rule not loaded (pending)", false),
    /** The expectation names a rule or arm the loaded packs do not have (a typo or a removed rule). */
    NOT_LOADED("RULE NOT LOADED", true),
    /** Not expected, fired anyway on an attack scenario: extra coverage. */
    ALSO_FIRED("also fired", false),
    /** A benign control raised nothing. */
    QUIET("quiet", false),
    /** A benign control raised this alert: a false positive. */
    FALSE_POSITIVE("FALSE POSITIVE", true);

    private final String label;
    private final boolean failure;

    Outcome(String label, boolean failure) {
        this.label = label;
        this.failure = failure;
    }

    public String label() {
        return label;
    }

    public boolean failure() {
        return failure;
    }
}
