package dev.hookline.windows.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.windows.normalize.Filetime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Coverage-guided fuzzing of the ETW UserData decoders on byte arrays (no trace session): the first byte picks the
 * decoder and event id, the second the event version, the third the pointer size; the rest is the payload, read
 * little-endian as {@code EtwRecord.userData()} hands it over. The contract: a payload shorter than its layout, or
 * an id or version that is not handled, decodes to null (counted by the caller); nothing throws.
 */
class EtwDecodersSurviveAnyPayloadFuzzTest {
    private static final int[] TCP_IDS = {12, 15, 28, 31, 13};
    private static final int[] FILE_IDS = {12, 30, 16, 26, 27, 14};

    @FuzzTest
    void anyPayloadDecodesOrIsNull(byte[] data) {
        if (data.length < 3) {
            return;
        }
        int pick = data[0] & 0xff;
        int version = data[1] & 0x07;
        int pointerSize = (data[2] & 1) == 0 ? 8 : 4;
        ByteBuffer payload = ByteBuffer.wrap(data, 3, data.length - 3).slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (pick % 5) {
            case 0 -> {
                ProcessStart p = Decoders.processStart(version, payload, pointerSize);
                if (p != null) {
                    Filetime.toEpochNanos(p.createTimeFiletime());
                }
            }
            case 1 -> Decoders.processStopPid(payload);
            case 2 -> Decoders.classicProcess(version, (pick / 5) % 5, payload, pointerSize);
            case 3 -> {
                TcpConnection c = Decoders.tcp(TCP_IDS[(pick / 5) % TCP_IDS.length], payload);
                if (c != null && (c.remoteAddress().length != c.localAddress().length
                        || (c.remoteAddress().length != 4 && c.remoteAddress().length != 16))) {
                    throw new AssertionError("address lengths " + c.remoteAddress().length + "/" + c.localAddress().length);
                }
            }
            default -> Decoders.file(FILE_IDS[(pick / 5) % FILE_IDS.length], version, payload, pointerSize);
        }
    }
}
