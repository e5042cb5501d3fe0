package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.garant.flink.FusionJob;
import org.garant.flink.KafkaFusion;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.server.GarantServer;
import org.garant.server.KafkaIngest;
import org.garant.store.Located;
import org.garant.store.Role;
import org.garant.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole scale-out path on one machine: detections into Kafka, the server storing them (--fusion flink), the Flink
 * job fusing them from the same topic, and the server storing the job's events and violations, each marked by its
 * evidence as in-process fusion marks it.
 */
class FlinkKafkaPipelineTest {
    @TempDir
    Path dir;

    @Test
    void eventsFusedOnFlinkComeBackToTheServerMarkedByTheirEvidence() throws Exception {
        try (KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1").setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1").setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0").build()) {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            try (var admin = kafka.admin()) {
                List<NewTopic> topics = new ArrayList<>();
                for (String t : List.of("garant.detections", "garant.observations", "garant.events", "garant.violations")) {
                    topics.add(new NewTopic(t, 1, (short) 1));
                }
                admin.createTopics(topics).all().get();
            }
            String db = dir.resolve("db").toString();
            try (Store s = Store.open(db)) {
                s.users().create("test", "gateway", "UKR", EnumSet.of(Role.MONITOR, Role.ANALYST), "gateway password");
            }
            List<Sensor> sensors = SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults());
            KafkaIngest.Config config = new KafkaIngest.Config(kafka.bootstrapServers(), "garant", "gateway", true);
            try (GarantServer server = GarantServer.start(GarantServer.Options.defaults(db, 0).withKafka(config))) {
                StringBuilder body = new StringBuilder("{\"sensors\":[");
                for (int i = 0; i < sensors.size(); i++) {
                    body.append(i == 0 ? "" : ",").append(GarantServer.sensorJson(sensors.get(i)));
                }
                var http = java.net.http.HttpClient.newHttpClient();
                String token = server.store().users().issueToken("test", "gateway", "t").secret();
                var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/sensors"))
                        .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body + "]}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

                FireSimulator sim = new FireSimulator(DemoTheatre.theatre(), sensors, Intensity.PEAK, 2, 9,
                        Instant.parse("2026-05-01T00:00:00Z"), 10, x -> { });
                List<Detection> all = new ArrayList<>();
                sim.forEachRemaining(all::add);
                java.util.Set<String> west = new java.util.HashSet<>();
                sensors.stream().filter(x -> x.position().lon() < 36.5).forEach(x -> west.add(x.id()));
                Properties p = new Properties();
                p.put("bootstrap.servers", kafka.bootstrapServers());
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                    // in arrival order, as a network delivers: consecutive detections of one marking make a batch;
                    // what the southern sector hears is REL TO FRA (the gateway's nation, UKR, joins the marking)
                    List<String> run = new ArrayList<>();
                    Boolean restricted = null;
                    for (Detection d : all) {
                        boolean r2 = west.contains(d.sensorId());
                        if (restricted != null && (r2 != restricted || run.size() == 300)) {
                            producer.send(new ProducerRecord<>("garant.detections", "{\"releasability\":\"" + (restricted ? "REL TO FRA" : "COALITION")
                                    + "\",\"detections\":[" + String.join(",", run) + "]}"));
                            run.clear();
                        }
                        restricted = r2;
                        run.add(MonitorFiles.detectionLine(d));
                    }
                    producer.send(new ProducerRecord<>("garant.detections", "{\"releasability\":\"" + (restricted ? "REL TO FRA" : "COALITION")
                            + "\",\"detections\":[" + String.join(",", run) + "]}"));
                }
                StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
                KafkaFusion.wire(env, new KafkaFusion.Topics(kafka.bootstrapServers(), "garant.detections", "garant.events",
                        "garant.violations", "garant-fusion", true), FusionJob.Setup.onDemoTheatre(sensors, 3));
                env.execute("garant fusion pipeline test");

                long expected = FusionEngine.fuseAll(sensors, all.iterator(), FusionEngine.Options.defaults()).size();
                long deadline = System.currentTimeMillis() + 60_000;
                while (server.store().located().count(Located.Table.EVENTS) < expected && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(server.store().detections().count()).isEqualTo(all.size());
                assertThat(server.store().located().count(Located.Table.EVENTS)).isEqualTo(expected);
                assertThat(server.store().located().count(Located.Table.VIOLATIONS)).isPositive();
                // marked by their evidence: the southern sector's events are REL TO FRA, UKR; GBR sees only the rest
                Located.Query q = new Located.Query(null, Long.MIN_VALUE, Long.MAX_VALUE, null, null, null, 100_000, 0);
                int fra = server.store().located().points("FRA", Located.Table.EVENTS, q).size();
                int gbr = server.store().located().points("GBR", Located.Table.EVENTS, q).size();
                assertThat(fra).isEqualTo((int) expected);
                assertThat(gbr).isPositive().isLessThan(fra);
                for (Located.Point pt : server.store().located().points("GBR", Located.Table.EVENTS, q)) {
                    assertThat(pt.lon()).as("event %s seen by GBR", pt.id()).isGreaterThan(36.0);
                }
            }
        }
    }
}
