package io.sightline.kafka;

import java.io.IOException;

/**
 * The child JVM {@link KafkaTestBroker} starts: formats the log directory for a single-node KRaft
 * cluster, then runs the broker (and its controller) until stopped. It also stops when its
 * parent dies, which it notices by its standard input closing, so a killed test run leaves no
 * broker behind.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    /** @param args the server properties file and the cluster ID */
    public static void main(String[] args) {
        Thread parentWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is ever sent; the read returns -1 once the parent is gone
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            System.exit(0);
        }, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        int formatted = kafka.tools.StorageTool.execute(
                new String[] {"format", "--config", args[0], "--cluster-id", args[1], "--ignore-formatted"}, System.out);
        if (formatted != 0) {
            System.exit(formatted);
        }
        kafka.Kafka.main(new String[] {args[0]});
    }
}
