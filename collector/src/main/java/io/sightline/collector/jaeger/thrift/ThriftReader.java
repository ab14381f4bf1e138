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
 * Reads Jaeger Thrift payloads from bytes already in memory. Lengths are bounded by the input
 * size, so a corrupt length prefix fails the read instead of allocating a huge list.
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
        batch.read(binary(transport(body, body.length), body.length));
        return batch;
    }

    /** One datagram: an {@code Agent} call message, either {@link AgentMessage#batch()} or an unsupported method. */
    static AgentMessage agentMessage(byte[] packet, int length, boolean compact) throws TException {
        TMemoryInputTransport transport = transport(packet, length);
        TProtocol protocol = compact ? new TCompactProtocol(transport, length, length) : binary(transport, length);
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

    /**
     * Every list element and string byte takes at least one byte of input, so no length may
     * exceed the input's. Without this bound a list of structs declared 2^30 long is allocated
     * before the first element is read: Thrift's own remaining-bytes check counts structs as 0 bytes.
     */
    private static TBinaryProtocol binary(TMemoryInputTransport transport, int length) {
        return new TBinaryProtocol(transport, length, length);
    }

    private static TMemoryInputTransport transport(byte[] bytes, int length) throws TException {
        TConfiguration configuration = new TConfiguration(Math.max(length, 1), Math.max(length, 1), RECURSION_LIMIT);
        return new TMemoryInputTransport(configuration, bytes, 0, length);
    }
}
