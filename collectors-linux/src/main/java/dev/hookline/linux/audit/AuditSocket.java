package dev.hookline.linux.audit;

import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.NetlinkSocket;
import dev.hookline.linux.jna.NetlinkSocket.NetlinkException;
import dev.hookline.linux.jna.Posix;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A NETLINK_AUDIT socket with the control requests Hookline needs: AUDIT_GET, AUDIT_SET, AUDIT_ADD_RULE,
 * AUDIT_DEL_RULE, AUDIT_LIST_RULES. Requests wait for their own reply or ack (matched by sequence number);
 * other messages that arrive meanwhile (audit records, on the socket that registered as the audit daemon) go to
 * the {@link Spill} so none is lost.
 */
public final class AuditSocket implements Closeable {
    /** Receives messages that are not the reply being waited for. */
    public interface Spill {
        void message(int type, ByteBuffer buf, int off, int len);
    }

    private static final long REPLY_TIMEOUT_NANOS = 3_000_000_000L;
    private final NetlinkSocket nl;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(128 * 1024).order(ByteOrder.nativeOrder());
    private int seq = (int) (System.nanoTime() & 0xffff);

    private AuditSocket(NetlinkSocket nl) {
        this.nl = nl;
    }

    /** Opens a unicast socket, or a multicast reader when groups is AUDIT_NLGRP_READLOG. */
    public static AuditSocket open(int groups) throws IOException {
        NetlinkSocket s = NetlinkSocket.open(LibC.SOCK_RAW, LibC.NETLINK_AUDIT, groups);
        s.setReceiveTimeoutMillis(250);
        return new AuditSocket(s);
    }

    public NetlinkSocket netlink() {
        return nl;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    private synchronized int send(int type, int flags, byte[] payload) throws NetlinkException {
        int s = ++seq;
        int len = NetlinkSocket.NLMSG_HDRLEN + (payload == null ? 0 : payload.length);
        ByteBuffer b = ByteBuffer.allocate(NetlinkSocket.align(len)).order(ByteOrder.nativeOrder());
        NetlinkSocket.header(b, len, type, flags, s);
        if (payload != null) {
            b.put(payload);
        }
        nl.send(b.array(), len);
        return s;
    }

    /** Sends a request without waiting (used by the reader socket to re-take the audit pid). */
    public void sendOnly(int type, byte[] payload) throws NetlinkException {
        send(type, NetlinkSocket.NLM_F_REQUEST, payload);
    }

    public AuditStatus getStatus(Spill spill) throws IOException {
        int s = send(AuditProtocol.AUDIT_GET, NetlinkSocket.NLM_F_REQUEST, null);
        AuditStatus[] out = new AuditStatus[1];
        await(s, spill, (type, b, off, len) -> {
            if (type == AuditProtocol.AUDIT_GET) {
                out[0] = AuditStatus.decode(b, off, len);
                return true;
            }
            return false;
        }, "AUDIT_GET");
        return out[0];
    }

    public void setStatus(byte[] statusRequest, Spill spill) throws IOException {
        acked(AuditProtocol.AUDIT_SET, statusRequest, spill, "AUDIT_SET");
    }

    public void addRule(AuditRuleData rule) throws IOException {
        acked(AuditProtocol.AUDIT_ADD_RULE, rule.bytes(), null, "AUDIT_ADD_RULE");
    }

    public void deleteRule(AuditRuleData rule) throws IOException {
        acked(AuditProtocol.AUDIT_DEL_RULE, rule.bytes(), null, "AUDIT_DEL_RULE");
    }

    public List<AuditRuleData> listRules() throws IOException {
        int s = send(AuditProtocol.AUDIT_LIST_RULES, NetlinkSocket.NLM_F_REQUEST, null);
        List<AuditRuleData> out = new ArrayList<>();
        await(s, null, (type, b, off, len) -> {
            if (type == AuditProtocol.AUDIT_LIST_RULES) {
                AuditRuleData r = AuditRuleData.decode(b, off, len);
                if (r != null) {
                    out.add(r);
                }
                return false;
            }
            return type == NetlinkSocket.NLMSG_DONE;
        }, "AUDIT_LIST_RULES");
        return out;
    }

    private void acked(int type, byte[] payload, Spill spill, String what) throws IOException {
        int s = send(type, NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_ACK, payload);
        await(s, spill, (t, b, off, len) -> false, what);
    }

    private interface Reply {
        /** True when the awaited exchange is complete. */
        boolean accept(int type, ByteBuffer b, int off, int len);
    }

    /** Reads until the reply for seq completes; an NLMSG_ERROR for seq ends it (errno 0 = ack, else failure). */
    private void await(int s, Spill spill, Reply reply, String what) throws IOException {
        long deadline = System.nanoTime() + REPLY_TIMEOUT_NANOS;
        synchronized (buf) {
            while (System.nanoTime() < deadline) {
                int n = nl.receive(buf);
                int off = 0;
                while (off + NetlinkSocket.NLMSG_HDRLEN <= n) {
                    int len = buf.getInt(off);
                    int type = buf.getShort(off + 4) & 0xffff;
                    int mseq = buf.getInt(off + 8);
                    if (type >= AuditProtocol.AUDIT_FIRST_USER_MSG || len < NetlinkSocket.NLMSG_HDRLEN || off + len > n) {
                        // An audit record (its nlmsg_len may exclude the header): the rest of the datagram is it.
                        if (spill != null) {
                            spill.message(type, buf, off + NetlinkSocket.NLMSG_HDRLEN, n - off - NetlinkSocket.NLMSG_HDRLEN);
                        }
                        break;
                    }
                    int pOff = off + NetlinkSocket.NLMSG_HDRLEN;
                    int pLen = len - NetlinkSocket.NLMSG_HDRLEN;
                    if (mseq == s) {
                        if (type == NetlinkSocket.NLMSG_ERROR) {
                            int err = pLen >= 4 ? buf.getInt(pOff) : 0;
                            if (err == 0) {
                                return;
                            }
                            throw new NetlinkException(what + ": " + Posix.describe(-err), -err);
                        }
                        if (reply.accept(type, buf, pOff, pLen)) {
                            return;
                        }
                    } else if (spill != null && type != NetlinkSocket.NLMSG_ERROR) {
                        spill.message(type, buf, pOff, pLen);
                    }
                    off += NetlinkSocket.align(len);
                }
            }
        }
        throw new NetlinkException(what + ": no reply from the kernel within 3 s", 0);
    }

    @Override
    public void close() {
        nl.close();
    }
}
