package org.garant.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.garant.server.GarantServer;
import org.garant.server.KafkaIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the Garant server: the HTTP API, the live feed and in-process fusion over the store.",
                "Binds 127.0.0.1 unless --bind says otherwise; Ctrl-C stops it cleanly."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", defaultValue = "garant-data", paramLabel = "DIR|URL",
            description = "the store: a folder for the embedded H2 database, or jdbc:postgresql://… (default: ${DEFAULT-VALUE})")
    String db;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (0 picks a free one; default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--cot-port", defaultValue = "-1", paramLabel = "N",
            description = "also serve Cursor-on-Target to TAK clients on this TCP port (e.g. 8087; 0 picks a free one; default: off)")
    int cotPort;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "also ingest detections and observations from Kafka (topics PREFIX.detections, PREFIX.observations)")
    String kafka;

    @Option(names = "--kafka-topics", defaultValue = "garant", paramLabel = "PREFIX", description = "topic prefix (default: ${DEFAULT-VALUE})")
    String kafkaTopics;

    @Option(names = "--kafka-user", paramLabel = "NAME", description = "the Garant user Kafka records are ingested as (required with --kafka)")
    String kafkaUser;

    @Option(names = "--fusion", defaultValue = "inprocess", paramLabel = "inprocess|flink",
            description = "who fuses the detections: this server (default), or the Flink job ('garant flink'), whose events and "
                    + "violations this server then stores from Kafka (needs --kafka)")
    String fusion;

    @Override
    public Integer call() throws InterruptedException {
        if (!fusion.matches("inprocess|flink")) {
            throw new IllegalArgumentException("--fusion: '" + fusion + "' is not inprocess or flink");
        }
        if (fusion.equals("flink") && kafka == null) {
            throw new IllegalArgumentException("--fusion flink: needs --kafka (the Flink job's events come back through Kafka)");
        }
        if (kafka != null && kafkaUser == null) {
            throw new IllegalArgumentException("--kafka-user: missing (the Garant user, e.g. a sensor gateway's, that Kafka records are ingested as)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a TCP port (0–65535)");
        }
        GarantServer.Options o = GarantServer.Options.defaults(db, port);
        GarantServer server = GarantServer.start(new GarantServer.Options(db, bind, port, o.maxBodyBytes(), o.theatre(), o.sites(),
                cotPort, kafka == null ? null : new KafkaIngest.Config(kafka, kafkaTopics, kafkaUser,
                fusion.equals("flink"))));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Garant server listening on http://%s:%d (store: %s)%n", bind, server.port(), server.store().url());
        if (kafka != null) {
            out.printf("Ingesting from Kafka at %s: topics %s.detections and %s.observations, as %s%n", kafka, kafkaTopics, kafkaTopics, kafkaUser);
        }
        if (server.cotPort() >= 0) {
            out.printf("Cursor-on-Target for TAK clients on tcp://%s:%d (first message: <auth><cot username=… password=…/></auth>)%n", bind,
                    server.cotPort());
        }
        if (server.store().users().list().isEmpty()) {
            out.println("No users yet: stop the server and run 'garant user add NAME --nation ISO3 --role ADMIN --db " + db + "'.");
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "garant-shutdown"));
        stopped.await();
        return 0;
    }
}
