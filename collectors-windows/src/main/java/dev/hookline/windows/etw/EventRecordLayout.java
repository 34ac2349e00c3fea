package dev.hookline.windows.etw;

/**
 * Offsets in EVENT_RECORD / EVENT_HEADER (evntcons.h) for x64, read by hand from the callback's pointer: the
 * record is only valid during the callback, and reading a handful of fields this way avoids building a JNA
 * Structure (reflection, allocation) for every event.
 */
public final class EventRecordLayout {
    public static final int HEADER_SIZE = 0x50;
    public static final int RECORD_SIZE = 0x70;

    // EVENT_HEADER
    public static final int H_SIZE = 0x00;
    public static final int H_HEADER_TYPE = 0x02;
    public static final int H_FLAGS = 0x04;
    public static final int H_EVENT_PROPERTY = 0x06;
    public static final int H_THREAD_ID = 0x08;
    public static final int H_PROCESS_ID = 0x0C;
    public static final int H_TIMESTAMP = 0x10;
    public static final int H_PROVIDER_ID = 0x18;
    public static final int H_DESCRIPTOR = 0x28;
    public static final int D_ID = 0x28;
    public static final int D_VERSION = 0x2A;
    public static final int D_CHANNEL = 0x2B;
    public static final int D_LEVEL = 0x2C;
    public static final int D_OPCODE = 0x2D;
    public static final int D_TASK = 0x2E;
    public static final int D_KEYWORD = 0x30;
    public static final int H_PROCESSOR_TIME = 0x38;
    public static final int H_ACTIVITY_ID = 0x40;

    // EVENT_RECORD after the header
    public static final int R_BUFFER_CONTEXT = 0x50;
    public static final int R_EXTENDED_DATA_COUNT = 0x54;
    public static final int R_USER_DATA_LENGTH = 0x56;
    public static final int R_EXTENDED_DATA = 0x58;
    public static final int R_USER_DATA = 0x60;
    public static final int R_USER_CONTEXT = 0x68;

    // EVENT_HEADER.Flags
    public static final int FLAG_EXTENDED_INFO = 0x0001;
    public static final int FLAG_PRIVATE_SESSION = 0x0002;
    public static final int FLAG_STRING_ONLY = 0x0004;
    public static final int FLAG_TRACE_MESSAGE = 0x0008;
    public static final int FLAG_NO_CPUTIME = 0x0010;
    public static final int FLAG_32_BIT_HEADER = 0x0020;
    public static final int FLAG_64_BIT_HEADER = 0x0040;
    public static final int FLAG_CLASSIC_HEADER = 0x0100;

    private EventRecordLayout() {
    }
}
