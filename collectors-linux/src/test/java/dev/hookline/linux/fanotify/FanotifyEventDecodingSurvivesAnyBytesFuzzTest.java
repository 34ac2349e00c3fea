package dev.hookline.linux.fanotify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Coverage-guided fuzzing of fanotify event decoding on a byte array (no fanotify group, no kernel): the buffer of
 * one read() walked with {@link FanEvent#read} as {@link FanotifyEventMapper#map} walks it. The contract: each event
 * either decodes, with every fid record and name inside it, or ends the batch (-1, counted as malformed by the
 * caller); nothing throws and the walk always moves forward.
 */
class FanotifyEventDecodingSurvivesAnyBytesFuzzTest {
    private final FanEvent ev = new FanEvent();

    @FuzzTest
    void anyReadBufferDecodesOrEndsTheBatch(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        int pos = 0;
        while (pos < data.length) {
            int next = ev.read(buf, pos, data.length);
            if (next < 0) {
                break;
            }
            if (next <= pos || next > data.length) {
                throw new AssertionError("the walk did not move forward within the buffer: " + pos + " -> " + next);
            }
            checkSpan(ev.dirOff, ev.dirEnd, pos, next);
            checkSpan(ev.oldOff, ev.oldEnd, pos, next);
            checkSpan(ev.newOff, ev.newEnd, pos, next);
            pos = next;
        }
    }

    private static void checkSpan(int off, int end, int from, int to) {
        if (off >= 0 && (off < from || end > to || off > end)) {
            throw new AssertionError("fid record [" + off + ", " + end + ") outside its event [" + from + ", " + to + ")");
        }
    }
}
