package org.garant.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.junit.jupiter.api.Test;

/** The job with its production source and sinks: Kafka topics on an in-JVM KRaft broker, the job on a MiniCluster. */
class KafkaFusionTest {
    @Test
    void detectionsFromTheIngestTopicComeOutAsEventLinesOnceEach() throws Exception {
        try (KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1").setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1").setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0").build()) {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            try (var admin = kafka.admin()) {
                admin.createTopics(List.of(new NewTopic("garant.detections", 1, (short) 1), new NewTopic("garant.events", 1, (short) 1),
                        new NewTopic("garant.violations", 1, (short) 1))).all().get();
            }
            List<Sensor> sensors = SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults());
            FireSimulator sim = new FireSimulator(DemoTheatre.theatre(), sensors, Intensity.PEAK, 2, 5,
                    Instant.parse("2026-05-01T00:00:00Z"), 10, r -> { });
            List<Detection> all = new ArrayList<>();
            sim.forEachRemaining(all::add);
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < all.size(); i += 500) {
                    producer.send(new ProducerRecord<>("garant.detections", KafkaFusion.batch(all.subList(i, Math.min(all.size(), i + 500)))));
                }
                producer.send(new ProducerRecord<>("garant.detections", "{\"detections\": [")); // not JSON: skipped
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
            KafkaFusion.wire(env, new KafkaFusion.Topics(kafka.bootstrapServers(), "garant.detections", "garant.events", "garant.violations",
                    "garant-fusion-test", true), FusionJobTest.setup(sensors, 3));
            env.execute("garant fusion on kafka (test)");

            List<Event> expected = FusionEngine.fuseAll(sensors, all.iterator(), FusionEngine.Options.defaults());
            List<String> lines = read(kafka.bootstrapServers(), "garant.events", expected.size());
            Set<String> ids = new HashSet<>();
            for (String l : lines) {
                assertThat(ids.add(com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(l).path("id").asText())).isTrue();
            }
            assertThat(lines).hasSameSizeAs(expected);
            assertThat(read(kafka.bootstrapServers(), "garant.violations", 1)).isNotEmpty();
        }
    }

    @Test
    void recordsAreStampedWithTheTimeTheyAreProducedNotTheEndOfInputTimersTimestamp() {
        // what the end-of-input timers emit carries Long.MAX_VALUE, which a broker rejects (and the job failed)
        ProducerRecord<byte[], byte[]> r = new KafkaFusion.Lines("garant.events").serialize("{\"id\":\"e1\"}", null, Long.MAX_VALUE);
        assertThat(r.timestamp()).isNull();
        assertThat(r.topic()).isEqualTo("garant.events");
        assertThat(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"e1\"}");
    }

    static List<String> read(String bootstrap, String topic, int atLeast) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "reader-" + topic);
        p.put("auto.offset.reset", "earliest");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            int quiet = 0;
            while (System.currentTimeMillis() < deadline && (out.size() < atLeast || quiet < 3)) {
                var records = c.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() ? quiet + 1 : 0;
                for (ConsumerRecord<String, String> r : records) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
