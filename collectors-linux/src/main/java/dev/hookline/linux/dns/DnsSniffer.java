package dev.hookline.linux.dns;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.Posix;
import dev.hookline.linux.jna.Wakeup;
import dev.hookline.net.DnsCache;
import dev.hookline.net.IpKeys;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches DNS answers passively on every interface, loopback included (so a local stub resolver's answers to
 * processes are seen), and feeds a {@link DnsCache}. One AF_PACKET SOCK_DGRAM socket bound to ETH_P_ALL on all
 * interfaces with {@link DnsBpf} attached before binding, so no unfiltered packet is ever queued. One reader
 * thread, which sleeps until a packet comes or {@link #close()} signals its {@link Wakeup}. Needs CAP_NET_RAW.
 */
public final class DnsSniffer implements AutoCloseable {
    private static final int ETH_P_ALL = 0x0003;
    /** How often an idle sniffer wakes to notice a stop when the kernel gave no eventfd to signal it with. */
    private static final int POLL_MILLIS = 500;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_STATISTICS = 6;

    private final DnsCache cache;
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong notDns = new AtomicLong();
    private final AtomicLong tcpPartial = new AtomicLong();
    private final AtomicLong kernelDrops = new AtomicLong();
    private final AtomicLong readErrors = new AtomicLong();
    private volatile boolean running;
    private volatile int fd = -1;
    private Thread thread;
    /** Signalled by close(); null when no eventfd could be made (a timed poll then notices the stop). */
    private Wakeup wakeup;

    public DnsSniffer(DnsCache cache) {
        this.cache = cache;
    }

    /** Opens the socket and starts the reader thread; the message of the exception says why it could not. */
    public synchronized void start() throws java.io.IOException {
        if (running) {
            return;
        }
        LibC c = LibC.INSTANCE;
        int s;
        try {
            s = c.socket(LibC.AF_PACKET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0); // protocol 0: receives nothing yet
        } catch (LastErrorException e) {
            throw new java.io.IOException("cannot open AF_PACKET socket (needs root or CAP_NET_RAW): " + Posix.describe(e));
        }
        try {
            Memory[] prog = DnsBpf.fprog();
            c.setsockopt(s, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, prog[0], 16);
            java.lang.ref.Reference.reachabilityFence(prog);
            byte[] buf = intBytes(4 << 20);
            try {
                c.setsockopt(s, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, buf, 4);
            } catch (LastErrorException e) {
                c.setsockopt(s, LibC.SOL_SOCKET, LibC.SO_RCVBUF, buf, 4);
            }
            byte[] tv = new byte[16]; // struct timeval {long sec; long usec}: 200 ms
            ByteBuffer.wrap(tv).order(java.nio.ByteOrder.nativeOrder()).putLong(0, 0).putLong(8, 200_000);
            c.setsockopt(s, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv, 16);
            byte[] sll = new byte[20]; // sockaddr_ll: family, protocol (network order), ifindex 0 = every interface
            sll[0] = (byte) LibC.AF_PACKET;
            sll[2] = (byte) (ETH_P_ALL >> 8);
            sll[3] = (byte) ETH_P_ALL;
            c.bind(s, sll, sll.length);
        } catch (LastErrorException e) {
            c.close(s);
            throw new java.io.IOException("cannot set up the DNS capture socket: " + Posix.describe(e));
        }
        fd = s;
        try {
            wakeup = new Wakeup();
        } catch (LastErrorException e) {
            wakeup = null;
        }
        running = true;
        cache.catchUpWith(this::drain);
        thread = new Thread(this::loop, "hookline-dns-sniffer");
        thread.setDaemon(true);
        thread.start();
    }

    private static byte[] intBytes(int v) {
        byte[] b = new byte[4];
        ByteBuffer.wrap(b).order(java.nio.ByteOrder.nativeOrder()).putInt(v);
        return b;
    }

    /**
     * Waits for packets without holding the read lock, then drains them under it, so that {@link #drain()} from a
     * reader of the cache (the audit collector, about to map a connect) can parse an answer already captured but not
     * yet handled: the DNS answer and the connect travel through different threads, and the connect must not win.
     */
    private void loop() {
        Memory pollfd = new Memory(16); // struct pollfd { int fd; short events; short revents; } x 2
        pollfd.setInt(0, fd);
        pollfd.setShort(4, (short) 1); // POLLIN
        Wakeup w = wakeup;
        int nfds = w == null ? 1 : 2;
        LibC c = LibC.INSTANCE;
        while (running) {
            pollfd.setShort(6, (short) 0);
            if (w != null) {
                w.pollEntry(pollfd, 1);
            }
            try {
                if (c.poll(pollfd, nfds, w == null ? POLL_MILLIS : -1) <= 0 || pollfd.getShort(6) == 0) {
                    continue; // a timeout, or only the stop signal: the loop condition sees it
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    readErrors.incrementAndGet();
                    sleepQuietly(100);
                }
                continue;
            }
            drain();
        }
    }

    private final Object readLock = new Object();
    private final ByteBuffer direct = ByteBuffer.allocateDirect(DnsBpf.SNAPLEN + 1);
    private final byte[] pkt = new byte[DnsBpf.SNAPLEN + 1];
    private final PacketDecoder decoder = new PacketDecoder();
    private final DnsMessageParser parser = new DnsMessageParser();
    private final DnsMessageParser.AnswerSink sink = this::answer;

    private void answer(byte[] addr, int off, int len, String name, long ttl) {
        cache.put(IpKeys.format(addr, off, len), name, ttl, System.nanoTime());
        answers.incrementAndGet();
    }

    /** Handles every packet already captured, without waiting; safe from any thread. */
    public void drain() {
        if (!running) {
            return;
        }
        LibC c = LibC.INSTANCE;
        synchronized (readLock) {
            while (running && fd >= 0) {
                int n;
                try {
                    n = c.recv(fd, direct, pkt.length, LibC.MSG_DONTWAIT);
                } catch (LastErrorException e) {
                    int err = e.getErrorCode();
                    if (err != LibC.EAGAIN && err != LibC.EINTR) {
                        readErrors.incrementAndGet();
                    }
                    return;
                }
                if (n <= 0) {
                    return;
                }
                packets.incrementAndGet();
                direct.get(0, pkt, 0, n);
                handle(decoder, parser, sink, pkt, n);
            }
        }
    }

    /** One captured packet through decoder and parser; package-visible so tests can feed frames. */
    void handle(PacketDecoder decoder, DnsMessageParser parser, DnsMessageParser.AnswerSink sink, byte[] pkt, int n) {
        switch (decoder.decode(pkt, n)) {
            case DNS:
                DnsMessageParser.Result r = parser.parse(pkt, decoder.offset(), decoder.length(), sink);
                if (r == DnsMessageParser.Result.OK) {
                    responses.incrementAndGet();
                } else if (r == DnsMessageParser.Result.MALFORMED) {
                    malformed.incrementAndGet();
                } else {
                    notDns.incrementAndGet();
                }
                break;
            case MALFORMED:
                malformed.incrementAndGet();
                break;
            case TCP_PARTIAL:
                tcpPartial.incrementAndGet();
                break;
            default:
                notDns.incrementAndGet();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean running() {
        return running;
    }

    public DnsCache cache() {
        return cache;
    }

    /** packets, responses, answers, malformed, notDns, tcpPartial, kernelDrops, readErrors, cacheSize, evictions. */
    public synchronized Map<String, Long> counters() {
        if (fd >= 0) {
            byte[] st = new byte[8]; // struct tpacket_stats {u32 packets; u32 drops}; reading resets it
            IntByReference len = new IntByReference(8);
            try {
                LibC.INSTANCE.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, st, len);
                kernelDrops.addAndGet(ByteBuffer.wrap(st).order(java.nio.ByteOrder.nativeOrder()).getInt(4) & 0xffffffffL);
            } catch (LastErrorException ignored) {
                // statistics are best effort
            }
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("packets", packets.get());
        m.put("responses", responses.get());
        m.put("answers", answers.get());
        m.put("malformed", malformed.get());
        m.put("notDns", notDns.get());
        m.put("tcpPartial", tcpPartial.get());
        m.put("kernelDrops", kernelDrops.get());
        m.put("readErrors", readErrors.get());
        m.put("cacheSize", (long) cache.size());
        m.put("evictions", cache.evictions());
        return m;
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        Wakeup w = wakeup;
        if (w != null) {
            w.signal();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cache.catchUpWith(null);
        synchronized (readLock) { // no drain() may be reading the fd while it is closed (or its number reused)
            Posix.closeQuietly(fd);
            fd = -1;
        }
        if (w != null) {
            w.close();
        }
    }
}
