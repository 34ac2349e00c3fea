package dev.hookline.kafka;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) for tests, run as a child JVM from the
 * test class path (the kafka_2.13 artifact of the same version as kafka-clients) on 127.0.0.1 with a port picked
 * free at start and kept across {@link #stop()} / {@link #start()}, so a producer reconnects to the same address.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int saslPort;
    private final Path config;
    private Process process;

    public KafkaBroker(Path dir) throws IOException, InterruptedException {
        this(dir, null, null, null);
    }

    KafkaBroker(Path dir, Path keystorePem, String plainUser, String plainPassword)
            throws IOException, InterruptedException {
        this(dir, keystorePem, plainUser, plainPassword, null, null);
    }

    /**
     * With {@code keystorePem} (a PEM file holding the server's PKCS#8 key and certificate), also a SASL_SSL listener
     * taking SASL PLAIN with the one user given: Azure Event Hubs' shape.
     */
    /**
     * With {@code scramUser} too, the SASL_SSL listener also takes SCRAM-SHA-512, with that user's credentials
     * created when the storage is formatted (kafka-storage format --add-scram, as Kafka's own KRaft tests do: there
     * is no ZooKeeper to hold them, and the broker needs them before it can serve).
     */
    public KafkaBroker(Path dir, Path keystorePem, String plainUser, String plainPassword, String scramUser,
            String scramPassword) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.port = freePort();
        this.controllerPort = freePort();
        this.saslPort = keystorePem == null ? -1 : freePort();
        this.config = dir.resolve("server.properties");
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String listeners = "PLAINTEXT://127.0.0.1:" + port;
        String map = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (keystorePem != null) {
            listeners += ",SASL_SSL://127.0.0.1:" + saslPort;
            map += ",SASL_SSL:SASL_SSL";
            p.put("sasl.enabled.mechanisms", scramUser == null ? "PLAIN" : "PLAIN,SCRAM-SHA-512");
            if (scramUser != null) {
                p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            }
            p.put("listener.name.sasl_ssl.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + plainUser + "=\""
                            + KafkaSettings.jaasQuote(plainPassword) + "\";");
            p.put("listener.name.sasl_ssl.ssl.keystore.type", "PEM");
            p.put("listener.name.sasl_ssl.ssl.keystore.location", keystorePem.toString());
        }
        p.put("listeners", listeners + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listeners);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", map);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", "1100000");
        p.put("log.flush.interval.messages", "1");
        try (java.io.Writer w = Files.newBufferedWriter(config, StandardCharsets.ISO_8859_1)) {
            p.store(w, "test broker");
        }
        List<String> formatArgs = new ArrayList<>(List.of("format", "-t", base64Id(), "-c", config.toString()));
        if (scramUser != null) {
            formatArgs.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + scramUser + ",password=" + scramPassword
                    + "]"));
        }
        Process format = java("kafka.tools.StorageTool", formatArgs.toArray(new String[0]))
                .redirectOutput(dir.resolve("format.log").toFile()).redirectErrorStream(true).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("formatting the broker's storage failed: "
                    + Files.readString(dir.resolve("format.log")));
        }
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. */
    /** A random cluster id; one starting with '-' would be read as an option by the storage tool (as Kafka's own Uuid avoids). */
    private static String base64Id() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16);
            b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private ProcessBuilder java(String main, String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dlog4j2.level=WARN", "-cp", cp, main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("KAFKA_OPTS");
        pb.directory(dir.toFile());
        return pb;
    }

    /** Starts the broker and waits until it serves metadata. */
    public void start() throws IOException, InterruptedException {
        File log = dir.resolve("broker.log").toFile();
        process = java("kafka.Kafka", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the broker exited with " + process.exitValue() + ": "
                        + tail(Files.readString(log.toPath())));
            }
            if (listening()) {
                try (Admin a = admin()) {
                    a.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // the socket is up before the broker is registered
                }
            }
            Thread.sleep(200);
        }
        throw new IOException("the broker did not start within 120 s: " + tail(Files.readString(log.toPath())));
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the broker process (SIGKILL: the broker goes away as abruptly as a crashed one). */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The SASL_SSL listener's address (only with a keystore). */
    public String saslBootstrap() {
        return "127.0.0.1:" + saslPort;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                20_000));
    }

    public void createTopic(String name, int partitions) throws Exception {
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Every message of the topic from the beginning, read until messages holding {@code expected} streaming records
     * ({@code {"records":[...]}}) came or the time ran out.
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration within) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(20)).forEach(i -> parts.add(new TopicPartition(topic,
                    i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + within.toNanos();
            int records = 0;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r);
                    records += recordCount(r.value());
                }
                if (records >= expected) {
                    // a little longer: a duplicate or an extra message would show here
                    c.poll(Duration.ofMillis(300)).forEach(out::add);
                    break;
                }
            }
        }
        return out;
    }

    private static int recordCount(byte[] value) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(value);
            return n.has("records") ? n.get("records").size() : 1;
        } catch (IOException e) {
            return 1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
