package org.garant.flink;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.verify.VerifyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fusion job in a deployment: detections from the Kafka ingest topic (the same batches the server's
 * {@code POST /api/ingest/detections} and its Kafka ingest take), events and violations out to Kafka topics as JSON
 * lines ({@code events.jsonl} and violations formats), for the servers to store. A record that is not a valid batch is
 * logged and skipped; within a batch, only a detection that fails the strict parse is dropped (logged).
 */
public final class KafkaFusion {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFusion.class);

    private KafkaFusion() {
    }

    /** Where the job reads and writes; {@code bounded}: stop at the topic's current end (tests, replays of an archive). */
    public record Topics(String bootstrap, String detections, String events, String violations, String group, boolean bounded) {
    }

    /** Adds the Kafka source, the job and the sinks to the environment (run it with {@code env.execute}). */
    public static void wire(StreamExecutionEnvironment env, Topics t, FusionJob.Setup setup) {
        var source = KafkaSource.<String>builder().setBootstrapServers(t.bootstrap()).setTopics(t.detections()).setGroupId(t.group())
                .setStartingOffsets(OffsetsInitializer.earliest()).setValueOnlyDeserializer(new SimpleStringSchema());
        if (t.bounded()) {
            source.setBounded(OffsetsInitializer.latest());
        }
        // one reader: the network's arrival order reaches the engines (more readers need the lateness to cover their skew)
        DataStream<Detection> detections = env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "kafka: " + t.detections())
                .setParallelism(1).flatMap(new Batches()).returns(FusionJob.DETECTIONS).setParallelism(1).name("detections");
        SingleOutputStreamOperator<Event> events = FusionJob.wire(detections, setup);
        events.map(MonitorFiles::eventLine).name("event lines").sinkTo(sink(t.bootstrap(), t.events())).name("kafka: " + t.events());
        events.getSideOutput(FusionJob.VIOLATIONS).map(VerifyFiles::violationLine).name("violation lines")
                .sinkTo(sink(t.bootstrap(), t.violations())).name("kafka: " + t.violations());
    }

    private static KafkaSink<String> sink(String bootstrap, String topic) {
        return KafkaSink.<String>builder().setBootstrapServers(bootstrap).setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new Lines(topic)).build();
    }

    /**
     * A line as a Kafka record stamped with the time it is produced, not the stream element's timestamp: the job's
     * timers emit what they flush at the end of input with timestamp {@code Long.MAX_VALUE}, which the broker rejects
     * (the job then failed, one CI run in several). The event's own time is in the line.
     */
    static final class Lines implements KafkaRecordSerializationSchema<String> {
        private final String topic;

        Lines(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(String line, KafkaRecordSerializationSchema.KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, null, null, null, line.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A batch {"releasability": …, "detections": [ … ]} into its detections, each parsed strictly. */
    static final class Batches implements FlatMapFunction<String, Detection> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public void flatMap(String batch, Collector<Detection> out) {
            try (JsonParser p = JSON.getFactory().createParser(batch)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    LOG.warn("a record that is not a JSON object: skipped");
                    return;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("detections") && v == JsonToken.START_ARRAY) {
                        int i = 0;
                        for (JsonToken t = p.nextToken(); t == JsonToken.START_OBJECT; t = p.nextToken(), i++) {
                            String text = JSON.readTree(p).toString();
                            try {
                                out.collect(MonitorFiles.parseDetection(text, true));
                            } catch (IllegalArgumentException e) {
                                LOG.warn("detections[{}]: {}: dropped", i, e.getMessage());
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (java.io.IOException e) {
                LOG.warn("a record that is not valid JSON ({}): skipped", e.getMessage());
            }
        }
    }

    /** Detections as one batch record (what the server's ingest takes). */
    public static String batch(List<Detection> ds) {
        StringBuilder sb = new StringBuilder("{\"releasability\":\"COALITION\",\"detections\":[");
        for (int i = 0; i < ds.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(MonitorFiles.detectionLine(ds.get(i)));
        }
        return sb.append("]}").toString();
    }
}
