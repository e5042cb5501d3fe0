package org.garant.app;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.garant.flink.FusionJob;
import org.garant.flink.KafkaFusion;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.server.KafkaIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "flink", mixinStandardHelpOptions = true,
        description = {"Run the fusion job on Apache Flink (an embedded local cluster with --parallelism slots) between Kafka",
                "topics: detections in (the ingest batches), events and violations out as JSON lines, for 'garant serve",
                "--kafka … --fusion flink' to store. The network is the sensors file's, or the demo network. To run on a Flink",
                "cluster instead, submit garant.jar with main class org.garant.app.Garant and these arguments."})
final class FlinkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP")
    String kafka;

    @Option(names = "--kafka-topics", defaultValue = "garant", paramLabel = "PREFIX",
            description = "reads PREFIX.detections, writes PREFIX.events and PREFIX.violations (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--sensors", paramLabel = "sensors.csv", description = "the network (default: the demo theatre's simulated network)")
    java.nio.file.Path sensorsFile;

    @Option(names = "--parallelism", defaultValue = "0", description = "task slots (default: the machine's cores)")
    int parallelism;

    @Option(names = "--sectors", defaultValue = "0", description = "sectors along the line (default: one per slot)")
    int sectors;

    @Option(names = "--bounded", description = "stop at the topic's current end (a replay) instead of running until stopped")
    boolean bounded;

    @Override
    public Integer call() throws Exception {
        KafkaIngest.Config topics = new KafkaIngest.Config(kafka, prefix, null); // the server's rules for bootstrap and prefix
        int p = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        int k = sectors > 0 ? sectors : p;
        List<Sensor> sensors = sensorsFile == null ? SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults())
                : org.garant.monitor.sense.MonitorFiles.readSensors(sensorsFile);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(p);
        KafkaFusion.wire(env, new KafkaFusion.Topics(kafka, topics.detections(), topics.events(), topics.violations(),
                "garant-fusion", bounded), FusionJob.Setup.onDemoTheatre(sensors, k));
        spec.commandLine().getOut().printf("Fusing %s.detections → %s.events, %s.violations on Flink (%d slots, %d sectors, %d sensors)%n",
                prefix, prefix, prefix, p, k, sensors.size());
        spec.commandLine().getOut().flush();
        env.execute("garant fusion");
        return 0;
    }
}
