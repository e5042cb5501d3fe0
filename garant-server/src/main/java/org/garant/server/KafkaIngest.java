package org.garant.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.garant.store.Principal;
import org.garant.store.Role;
import org.garant.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest from Kafka: the topics {@code <prefix>.detections} and {@code <prefix>.observations} carry the same JSON
 * batches as {@code POST /api/ingest/detections} and {@code /observations}, and go through the same code: validated
 * whole, stored idempotently by id, fused live. Records are written as the configured Garant user (a sensor gateway's
 * or a monitoring team's account; Kafka's own ACLs say who may produce to the topic), with that user's roles checked.
 *
 * <p>Delivery: offsets are committed only after a poll's records are stored, so a crash re-reads them, and the
 * idempotent store makes that harmless (at-least-once delivery, exactly-once effect). A record that is not a valid
 * batch is logged with its topic, partition and offset and skipped (nothing of it is stored; what came before and
 * after is). When the store itself fails, the consumer goes back to the first record not yet stored and retries after
 * a pause. One consumer thread; the group {@code garant-server} shares partitions among server instances.
 */
public final class KafkaIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngest.class);

    /** Where and as whom: {@code bootstrap} servers, the topics' {@code prefix}, the Garant {@code user}. */
    /**
     * Where and as whom: {@code bootstrap} servers, the topics' {@code prefix}, the Garant {@code user}; with
     * {@code fusedOutside}, detections are stored but fused by the Flink job ({@code garant flink}), whose events and
     * violations come back on {@code PREFIX.events} and {@code PREFIX.violations}.
     */
    public record Config(String bootstrap, String prefix, String user, boolean fusedOutside) {
        public Config(String bootstrap, String prefix, String user) {
            this(bootstrap, prefix, user, false);
        }


        public Config {
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new IllegalArgumentException("--kafka: the bootstrap servers (host:port[,host:port…]) are missing");
            }
            if (prefix == null || !prefix.matches("[A-Za-z0-9._-]{1,200}")) {
                throw new IllegalArgumentException("--kafka-topics: '" + prefix + "' is not a topic prefix (letters, digits, . _ -)");
            }
        }

        public String detections() {
            return prefix + ".detections";
        }

        public String observations() {
            return prefix + ".observations";
        }

        /** Where a fusion job outside the server (garant flink) writes its events and violations. */
        public String events() {
            return prefix + ".events";
        }

        public String violations() {
            return prefix + ".violations";
        }
    }

    private final GarantServer server;
    private final Config config;
    private final Principal principal;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Counter accepted;
    private final Counter rejected;
    private volatile boolean running = true;

    KafkaIngest(GarantServer server, Config config, MeterRegistry metrics) {
        this.server = server;
        this.config = config;
        this.principal = server.store().users().principal(config.user())
                .orElseThrow(() -> new IllegalArgumentException("--kafka-user: no Garant user '" + config.user()
                        + "' (create it with 'garant user add'); Kafka records are ingested as that user"));
        if (principal.roles().stream().noneMatch(GarantServer.DETECTION_WRITERS::contains)) {
            throw new IllegalArgumentException("--kafka-user: " + principal.name() + " (" + principal.roles()
                    + ") may not send detections; it needs one of " + GarantServer.DETECTION_WRITERS);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", config.bootstrap());
        p.put("group.id", "garant-server");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", "200");
        p.put("client.id", "garant-server-ingest");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.accepted = metrics.counter("garant_kafka_records", "result", "accepted");
        this.rejected = metrics.counter("garant_kafka_records", "result", "rejected");
        consumer.subscribe(config.fusedOutside() ? List.of(config.detections(), config.observations(), config.events(), config.violations())
                : List.of(config.detections(), config.observations()));
        this.thread = new Thread(this::run, "garant-kafka-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                try {
                    for (TopicPartition tp : records.partitions()) {
                        for (ConsumerRecord<String, String> r : records.records(tp)) {
                            try {
                                ingest(r);
                            } catch (LiveFusion.EvidenceNotYetStored e) {
                                // a fused record before its detections: this partition waits, the others go on
                                LOG.debug("Kafka {}-{}@{}: {} not stored yet; later", r.topic(), r.partition(), r.offset(), e.getMessage());
                                break;
                            }
                            done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                        }
                    }
                    if (!done.isEmpty()) {
                        consumer.commitSync(done);
                    }
                    rewind(records, done);
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    // the store failed: keep what was stored, go back to the first record that was not, and retry
                    LOG.error("Kafka ingest: the store failed ({}); retrying from the first record not stored", e.toString());
                    if (!done.isEmpty()) {
                        consumer.commitSync(done);
                    }
                    rewind(records, done);
                    Thread.sleep(1000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Every partition back to its first record not stored (they are read again). */
    private void rewind(ConsumerRecords<String, String> records, Map<TopicPartition, OffsetAndMetadata> done) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, String>> rs = records.records(tp);
            OffsetAndMetadata next = done.get(tp);
            long last = rs.get(rs.size() - 1).offset();
            if (next == null || next.offset() <= last) {
                consumer.seek(tp, next != null ? next.offset() : rs.get(0).offset());
            }
        }
    }

    /** One record: a batch of detections or observations. Bad input is logged and skipped; store failures propagate. */
    private void ingest(ConsumerRecord<String, String> r) {
        String where = r.topic() + "-" + r.partition() + "@" + r.offset();
        if (r.topic().equals(config.events()) || r.topic().equals(config.violations())) {
            try {
                if (r.topic().equals(config.events())) {
                    server.fusion().storeFusedEvent(r.value());
                } else {
                    server.fusion().storeFusedViolation(r.value());
                }
                accepted.increment();
            } catch (ApiError | IllegalArgumentException | java.time.format.DateTimeParseException e) {
                rejected.increment();
                LOG.warn("Kafka {}: not a fused {} line ({}); skipped", where, r.topic().equals(config.events()) ? "event" : "violation",
                        e.getMessage());
            }
            return;
        }
        boolean detections = r.topic().equals(config.detections());
        Set<Role> may = detections ? GarantServer.DETECTION_WRITERS : GarantServer.OBSERVATION_WRITERS;
        if (principal.roles().stream().noneMatch(may::contains)) {
            rejected.increment();
            LOG.warn("Kafka {}: {} ({}) may not send {}; skipped", where, principal.name(), principal.roles(), detections ? "detections" : "observations");
            return;
        }
        if (r.value() == null || r.value().length() > server.maxBodyBytes()) {
            rejected.increment();
            LOG.warn("Kafka {}: {}; skipped", where, r.value() == null ? "an empty record" : "larger than " + server.maxBodyBytes() + " bytes");
            return;
        }
        try {
            var result = detections ? server.ingestDetections(principal, r.value()) : server.ingestObservations(principal, r.value());
            accepted.increment();
            LOG.debug("Kafka {}: {}", where, result);
        } catch (ApiError | IllegalArgumentException e) {
            rejected.increment();
            LOG.warn("Kafka {}: {}; skipped", where, e.getMessage());
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.NOT_FOUND) {
                throw e;
            }
            rejected.increment(); // invalid or conflicting (an observation id with other content): not stored, skipped
            LOG.warn("Kafka {}: {}; skipped", where, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
