import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Drives a running local stack for a soak: two connectors (MaxCompute, Tablestore) fed {@code rate} rows/s each for
 * {@code seconds}, and every {@code sample} seconds one line per emulator: resident memory, heap in use, heap after a
 * full collection (the live heap; {@code jcmd GC.class_histogram}, its output kept beside the data directory as
 * {@code <data>.<emulator>.histogram-<elapsed>s.txt}), data directory size (its files' bytes, and what it takes on
 * the disk by {@code du}), and the connectors' lag. Fails when a component exits, a connector leaves RUNNING or the
 * rows are not all delivered 5 minutes after the load stops. Started by soak.sh, which starts the stack.
 *
 * <p>Arguments: controlPlaneUrl adminToken bootstrapServers dataDirectory maxComputeEndpoint tablestoreEndpoint
 * seconds rate sampleSeconds.
 */
public final class LocalStackSoak {

    private static final String INSTANCE = "kafka-local";
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    public static void main(String[] args) throws Exception {
        String controlPlane = args[0];
        String token = args[1];
        String bootstrap = args[2];
        Path data = Path.of(args[3]);
        String maxCompute = args[4];
        String tablestore = args[5];
        long seconds = Long.parseLong(args[6]);
        int rate = Integer.parseInt(args[7]);
        long sample = Long.parseLong(args[8]);
        HttpClient http = HttpClient.newHttpClient();

        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap);
        try (Admin kafka = Admin.create(admin)) {
            kafka.createTopics(List.of(new NewTopic("soak-maxcompute", 2, (short) 1),
                    new NewTopic("soak-tablestore", 2, (short) 1))).all().get();
            String auth = "{\"type\":\"ACCESS_KEY\",\"accessKeyId\":\"local-ak\",\"accessKeySecret\":\"local-sk\"}";
            create(http, controlPlane, token, "soak-maxcompute", "soak-maxcompute", "{\"type\":\"MAXCOMPUTE\","
                    + "\"endpoint\":\"" + maxCompute + "\",\"project\":\"connector_test\",\"table\":\"test_kafka\","
                    + "\"region\":\"cn-hangzhou\",\"auth\":" + auth + ",\"mode\":\"DEFAULT\",\"format\":\"TEXT\","
                    + "\"partitionWindow\":\"HOUR\",\"timeZone\":\"GMT+08:00\"}");
            create(http, controlPlane, token, "soak-tablestore", "soak-tablestore", "{\"type\":\"TABLESTORE\","
                    + "\"endpoint\":\"" + tablestore + "\",\"instanceName\":\"local-ots\",\"auth\":" + auth + ","
                    + "\"autoCreateTable\":true,\"tableName\":\"soak_events\",\"keyFormat\":\"STRING\","
                    + "\"valueFormat\":\"JSON\"}");

            Properties producerProperties = new Properties();
            producerProperties.put("bootstrap.servers", bootstrap);
            producerProperties.put("linger.ms", "20");
            producerProperties.put("acks", "all");
            System.out.println("time,elapsed_s,component,rss_mib,heap_used_mib,heap_after_gc_mib,data_mib,disk_mib,"
                    + "lag_maxcompute,lag_tablestore,sent");
            Instant start = Instant.now();
            long sent = 0;
            long nextSample = 0;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties,
                    new StringSerializer(), new StringSerializer())) {
                long startNanos = System.nanoTime();
                while (true) {
                    long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
                    if (elapsedMillis >= seconds * 1000) {
                        break;
                    }
                    long due = elapsedMillis * rate / 1000;
                    for (; sent < due; sent++) {
                        String key = "k" + sent;
                        String value = "{\"id\":" + sent + ",\"user\":\"user-" + (sent % 1000) + "\",\"amount\":"
                                + (sent % 977) * 1.5 + ",\"note\":\"soak row " + sent + " of the local stack\"}";
                        producer.send(new ProducerRecord<>("soak-maxcompute", key, value));
                        producer.send(new ProducerRecord<>("soak-tablestore", key, value));
                    }
                    if (elapsedMillis >= nextSample * 1000) {
                        sampleAll(kafka, http, controlPlane, token, data, start, sent);
                        nextSample += sample;
                    }
                    Thread.sleep(10);
                }
                producer.flush();
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            long[] lag;
            do {
                Thread.sleep(10_000);
                lag = new long[] {lag(kafka, "soak-maxcompute"), lag(kafka, "soak-tablestore")};
            } while ((lag[0] > 0 || lag[1] > 0) && System.nanoTime() < deadline);
            sampleAll(kafka, http, controlPlane, token, data, start, sent);
            System.out.printf(Locale.ROOT, "sent %d rows to each topic; lag after the load: maxcompute %d,"
                    + " tablestore %d%n", sent, lag[0], lag[1]);
            if (lag[0] > 0 || lag[1] > 0) {
                throw new IllegalStateException("rows left undelivered 5 minutes after the load stopped");
            }
        }
    }

    private static void create(HttpClient http, String controlPlane, String token, String name, String topic,
                               String destination) throws Exception {
        String definition = "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"" + topic + "\",\"concurrency\":2,"
                + "\"offsetReset\":\"EARLIEST\",\"failurePolicy\":\"STOP\",\"resourceCreation\":\"AUTO\"},"
                + "\"destination\":" + destination + "}";
        String connectors = controlPlane + "/api/v1/instances/" + INSTANCE + "/connectors";
        call(http, token, "POST", connectors, definition);
        call(http, token, "POST", connectors + "/" + name + "/deploy", null);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!call(http, token, "GET", connectors + "/" + name + "/status", null).contains("\"state\":\"RUNNING\"")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " is not RUNNING after 5 minutes");
            }
            Thread.sleep(2000);
        }
        System.out.println("# " + name + " RUNNING");
    }

    private static String call(HttpClient http, String token, String method, String url, String body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static void sampleAll(Admin kafka, HttpClient http, String controlPlane, String token, Path data,
                                  Instant start, long sent) throws Exception {
        long lagMaxCompute = lag(kafka, "soak-maxcompute");
        long lagTablestore = lag(kafka, "soak-tablestore");
        for (String name : List.of("soak-maxcompute", "soak-tablestore")) {
            String status = call(http, token, "GET", controlPlane + "/api/v1/instances/" + INSTANCE + "/connectors/"
                    + name + "/status", null);
            if (!status.contains("\"state\":\"RUNNING\"") || status.contains("FAILED")) {
                throw new IllegalStateException(name + " is not healthy: " + status);
            }
        }
        long elapsed = Duration.between(start, Instant.now()).toSeconds();
        for (Map.Entry<String, String> component : Map.of("maxcompute-emulator", "MaxComputeEmulatorMain",
                "tablestore-emulator", "TablestoreEmulatorMain").entrySet()) {
            ProcessHandle process = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(component.getValue())
                            && c.contains(data.toString())).orElse(false))
                    .findFirst().orElseThrow(() -> new IllegalStateException(component.getKey() + " is gone"));
            double heapUsed = heapUsedMib(process.pid());
            // a full collection, and what the live heap holds by class, to compare between samples when it grows
            Files.writeString(Path.of(data + "." + component.getKey() + ".histogram-" + elapsed + "s.txt"),
                    jcmd(process.pid(), "GC.class_histogram"));
            Path directory = data.resolve(component.getKey().replace("-emulator", ""));
            System.out.printf(Locale.ROOT, "%s,%d,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%d%n", Instant.now(), elapsed,
                    component.getKey(), rssMib(process.pid()), heapUsed, heapUsedMib(process.pid()),
                    directoryMib(directory), diskMib(directory), lagMaxCompute, lagTablestore, sent);
        }
    }

    private static long lag(Admin kafka, String connector) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets("connect-" + connector)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int partition = 0; partition < 2; partition++) {
            latest.put(new TopicPartition(connector, partition), OffsetSpec.latest());
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end
                : kafka.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static double rssMib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    /**
     * Heap in use, from the JDK's jcmd: the young and old generations (Serial GC, as the local stack runs it); right
     * after {@code jcmd GC.run} (a full collection) it is the live heap, what a leak would grow.
     */
    private static double heapUsedMib(long pid) throws Exception {
        long used = 0;
        for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
            if (line.contains("generation")) {
                Matcher matcher = USED.matcher(line);
                if (matcher.find()) {
                    used += Long.parseLong(matcher.group(1));
                }
            }
        }
        return used / 1024.0;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return output;
    }

    /** What the directory takes on the disk ({@code du}: blocks, directories included), beside its files' sizes. */
    private static double diskMib(Path directory) throws Exception {
        Process du = new ProcessBuilder("du", "-sk", directory.toString()).redirectErrorStream(true).start();
        String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        du.waitFor();
        return output.matches("(?s)\\d+\\s.*") ? Long.parseLong(output.split("\\s")[0]) / 1024.0 : -1;
    }

    private static double directoryMib(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return 0;
        }
        List<Long> sizes = new ArrayList<>();
        try (var files = Files.walk(directory)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                try {
                    sizes.add(Files.size(file));
                } catch (IOException e) {
                    // a file compacted away meanwhile
                }
            });
        }
        return sizes.stream().mapToLong(Long::longValue).sum() / 1024.0 / 1024.0;
    }
}
