package org.garant.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.store.Role;
import org.garant.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka ingest against a real KRaft broker in this JVM: the HTTP ingest's validation and idempotence, bad records skipped. */
class KafkaIngestTest {
    @TempDir
    Path dir;

    static String batch(String marking, List<String> detections) {
        return "{\"releasability\":\"" + marking + "\",\"detections\":[" + String.join(",", detections) + "]}";
    }

    @Test
    void detectionsAndObservationsFromKafkaAreStoredOnceAndBadRecordsSkipped() throws Exception {
        try (KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1").setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0").build()) {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            try (var admin = kafka.admin()) {
                admin.createTopics(List.of(new NewTopic("garant.detections", 2, (short) 1), new NewTopic("garant.observations", 1, (short) 1)))
                        .all().get();
            }
            String db = dir.resolve("db").toString();
            try (Store s = Store.open(db)) {
                s.users().create("test", "gateway", "UKR", EnumSet.of(Role.MONITOR, Role.ANALYST), "gateway password");
            }
            KafkaIngest.Config config = new KafkaIngest.Config(kafka.bootstrapServers(), "garant", "gateway");
            try (GarantServer server = GarantServer.start(GarantServer.Options.defaults(db, 0).withKafka(config))) {
                Client http = new Client(server.port());
                String token = server.store().users().issueToken("test", "gateway", "t").secret();
                List<Sensor> sensors = SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults());
                assertThat(http.post("/api/sensors", token, ServerTest.sensorsBody(sensors)).status()).isEqualTo(200);
                FireSimulator sim = new FireSimulator(DemoTheatre.theatre(), sensors, Intensity.PEAK, 0.5, 3,
                        Instant.parse("2026-06-01T00:00:00Z"), 10, r -> { });
                List<String> lines = new ArrayList<>();
                sim.forEachRemaining(d -> lines.add(MonitorFiles.detectionLine(d)));
                assertThat(lines.size()).isGreaterThan(200);
                List<String> first = lines.subList(0, lines.size() / 2);
                List<String> second = lines.subList(lines.size() / 2, lines.size());

                Properties p = new Properties();
                p.put("bootstrap.servers", kafka.bootstrapServers());
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>("garant.detections", "b1", batch("COALITION", first))).get();
                    producer.send(new ProducerRecord<>("garant.detections", "b1", batch("COALITION", first))).get(); // a retry
                    producer.send(new ProducerRecord<>("garant.detections", "bad", "{\"detections\": [{\"id\": ")).get(); // malformed
                    producer.send(new ProducerRecord<>("garant.detections", "bad", batch("COALITION", List.of(lines.get(0)
                            .replaceFirst("\"sensor\":\"[^\"]+\"", "\"sensor\":\"no-such-sensor\""))))).get(); // unknown sensor
                    producer.send(new ProducerRecord<>("garant.detections", "b2", batch("COALITION", second))).get();
                    String obs = "{\"observations\":[{\"id\":\"k-obs-1\",\"lat\":48.0,\"lon\":37.6,\"from\":\"2026-06-01T00:00:00Z\","
                            + "\"to\":\"2026-06-01T00:05:00Z\",\"what\":\"EXPLOSION\",\"count\":2,\"direction\":\"NE\",\"distance\":\"2-4 km\"}]}";
                    producer.send(new ProducerRecord<>("garant.observations", "o1", obs)).get();
                    producer.send(new ProducerRecord<>("garant.observations", "o1", obs)).get();
                }
                long deadline = System.currentTimeMillis() + 30_000;
                while ((server.store().detections().count() < lines.size() || server.store().observations().history("UKR", "k-obs-1").isEmpty())
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1000); // anything stored twice would show now
                assertThat(server.store().detections().count()).isEqualTo(lines.size());
                assertThat(server.store().observations().history("UKR", "k-obs-1")).hasSize(1);
                String metrics = http.get("/metrics", null).body();
                assertThat(metrics).containsPattern("garant_kafka_records_total\\{result=\"rejected\"[^}]*\\} 2\\.0")
                        .containsPattern("garant_kafka_records_total\\{result=\"accepted\"[^}]*\\} 5\\.0");
                // the same batch over HTTP: the same idempotence
                Client.Response again = http.post("/api/ingest/detections", token, batch("COALITION", second));
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.json().get("stored").asInt()).isZero();
                assertThat(again.json().get("duplicates").asInt()).isEqualTo(second.size());
                // and the detections are fused live, as over HTTP
                server.awaitFusion(true);
                assertThat(server.store().located().count(org.garant.store.Located.Table.EVENTS)).isPositive();
            }
        }
    }

    @Test
    void aKafkaUserMustExistAndMaySendDetections() {
        String db = dir.resolve("db2").toString();
        try (Store s = Store.open(db)) {
            s.users().create("test", "planner", "GBR", EnumSet.of(Role.PLANNER), null);
        }
        var none = GarantServer.Options.defaults(db, 0).withKafka(new KafkaIngest.Config("127.0.0.1:1", "garant", "nobody"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GarantServer.start(none)).hasMessageContaining("no Garant user 'nobody'");
        var planner = GarantServer.Options.defaults(db, 0).withKafka(new KafkaIngest.Config("127.0.0.1:1", "garant", "planner"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GarantServer.start(planner)).hasMessageContaining("may not send detections");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KafkaIngest.Config("h:9092", "bad topic", "x"))
                .hasMessageContaining("--kafka-topics");
    }
}
