package io.sightline.collector.jaeger.thrift;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;

/**
 * Reads Jaeger Thrift payloads from bytes already in memory. The transport is told how many
 * bytes there are, so a corrupt length prefix fails the read instead of allocating a huge list.
 */
final class ThriftReader {
    static final String EMIT_BATCH = "emitBatch";
    static final String EMIT_ZIPKIN_BATCH = "emitZipkinBatch";
    /** Deeper nesting than a Batch ever has means a corrupt or hostile payload. */
    private static final int RECURSION_LIMIT = 64;

    private ThriftReader() {}

    /** A {@code jaeger.Batch} struct in the binary protocol: the body of {@code POST /api/traces}. */
    static Batch binaryBatch(byte[] body) throws TException {
        Batch batch = new Batch();
        batch.read(new TBinaryProtocol(transport(body)));
        return batch;
    }

    /** One datagram: an {@code Agent} call message, either {@link AgentMessage#batch()} or an unsupported method. */
    static AgentMessage agentMessage(byte[] packet, int length, boolean compact) throws TException {
        TMemoryInputTransport transport = transport(packet, length);
        TProtocol protocol = compact ? new TCompactProtocol(transport) : new TBinaryProtocol(transport);
        TMessage message = protocol.readMessageBegin();
        if (message.type != TMessageType.ONEWAY && message.type != TMessageType.CALL) {
            throw new TException("unexpected Thrift message type " + message.type + " for " + message.name
                    + " (expected: ONEWAY or CALL)");
        }
        if (!EMIT_BATCH.equals(message.name)) {
            return new AgentMessage(message.name, null);
        }
        Agent.emitBatch_args args = new Agent.emitBatch_args();
        args.read(protocol);
        protocol.readMessageEnd();
        if (args.getBatch() == null) {
            throw new TException("emitBatch without a batch");
        }
        return new AgentMessage(message.name, args.getBatch());
    }

    /** A decoded agent datagram; {@code batch} is null for any method other than emitBatch. */
    record AgentMessage(String method, Batch batch) {}

    private static TMemoryInputTransport transport(byte[] bytes) throws TException {
        return transport(bytes, bytes.length);
    }

    private static TMemoryInputTransport transport(byte[] bytes, int length) throws TException {
        TConfiguration configuration = new TConfiguration(Math.max(length, 1), Math.max(length, 1), RECURSION_LIMIT);
        return new TMemoryInputTransport(configuration, bytes, 0, length);
    }
}
