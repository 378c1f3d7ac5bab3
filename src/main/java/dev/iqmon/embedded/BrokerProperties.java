package dev.iqmon.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings of {@link EmbeddedKafka}'s single KRaft node. */
final class BrokerProperties {

  static final int NODE_ID = 1;
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private BrokerProperties() {}

  /**
   * The broker's configuration: combined broker and controller, one replica for everything, no
   * rebalance delay, and small internal topics so the first transaction and the first consumer
   * group start fast.
   */
  static Map<String, String> singleNode(
      int port, int controllerPort, Path logDir, int maxMessageBytes) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("message.max.bytes", String.valueOf(maxMessageBytes));
    props.put("replica.fetch.max.bytes", String.valueOf(maxMessageBytes));
    // The log cleaner's default 128 MiB buffer is sized for production partitions, not tests.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 << 20));
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    props.put("background.threads", "2");
    return props;
  }
}
