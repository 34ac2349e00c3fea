package dev.hookline.windows.etw;

import java.util.Map;

/**
 * Win32 error codes the ETW calls return, turned into words. Only the codes the session manager handles or that a
 * person is likely to meet are named; anything else is shown as its number (FormatMessage would need the DLL, and
 * these messages also appear in tests on Linux).
 */
public final class Win32Errors {
    public static final int ERROR_SUCCESS = 0;
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_INVALID_HANDLE = 6;
    public static final int ERROR_BAD_LENGTH = 24;
    public static final int ERROR_INVALID_PARAMETER = 87;
    public static final int ERROR_ALREADY_EXISTS = 183;
    public static final int ERROR_MORE_DATA = 234;
    public static final int ERROR_NO_SYSTEM_RESOURCES = 1450;
    public static final int ERROR_WMI_INSTANCE_NOT_FOUND = 4201;
    public static final int ERROR_CANCELLED = 1223;
    public static final int ERROR_CTX_CLOSE_PENDING = 7007;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(ERROR_SUCCESS, "ERROR_SUCCESS"),
            Map.entry(ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND"),
            Map.entry(ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED: run as Administrator or LocalSystem (or a member of "
                    + "Performance Log Users)"),
            Map.entry(ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE"),
            Map.entry(ERROR_BAD_LENGTH, "ERROR_BAD_LENGTH: EVENT_TRACE_PROPERTIES buffer size is wrong"),
            Map.entry(ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER"),
            Map.entry(ERROR_ALREADY_EXISTS, "ERROR_ALREADY_EXISTS: a session with this name is running"),
            Map.entry(ERROR_MORE_DATA, "ERROR_MORE_DATA"),
            Map.entry(ERROR_NO_SYSTEM_RESOURCES, "ERROR_NO_SYSTEM_RESOURCES: too many trace sessions (64 max, 8 "
                    + "system loggers)"),
            Map.entry(ERROR_WMI_INSTANCE_NOT_FOUND, "ERROR_WMI_INSTANCE_NOT_FOUND: no such session"),
            Map.entry(ERROR_CANCELLED, "ERROR_CANCELLED"),
            Map.entry(ERROR_CTX_CLOSE_PENDING, "ERROR_CTX_CLOSE_PENDING"));

    private Win32Errors() {
    }

    /** "CALL failed: NAME (code N)" for a person to act on. */
    public static String describe(String call, int code) {
        String name = NAMES.get(code);
        return call + " failed: " + (name == null ? "Win32 error" : name) + " (code " + code + ")";
    }
}
