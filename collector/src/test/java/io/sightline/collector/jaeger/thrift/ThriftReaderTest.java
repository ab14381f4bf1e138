package io.sightline.collector.jaeger.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.Span;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.Test;

class ThriftReaderTest {
    static final Batch BATCH = new Batch(new Process("svc"), List.of(new Span(1, 0, 2, 0, "op", 1, 10, 20)));

    /** One agent datagram, written as the Jaeger clients write it (a oneway call message). */
    static byte[] agentPacket(boolean compact, Batch batch) throws TException {
        TMemoryBuffer buffer = new TMemoryBuffer(1024);
        TProtocol protocol = compact ? new TCompactProtocol(buffer) : new TBinaryProtocol(buffer);
        new Agent.Client(protocol).emitBatch(batch);
        return buffer.getArray().length == buffer.length() ? buffer.getArray()
                : java.util.Arrays.copyOf(buffer.getArray(), buffer.length());
    }

    static byte[] zipkinPacket(boolean compact) throws TException {
        TMemoryBuffer buffer = new TMemoryBuffer(64);
        TProtocol protocol = compact ? new TCompactProtocol(buffer) : new TBinaryProtocol(buffer);
        new Agent.Client(protocol).emitZipkinBatch(List.of());
        return java.util.Arrays.copyOf(buffer.getArray(), buffer.length());
    }

    @Test
    void compactAndBinaryEmitBatch_readBackTheBatch() throws TException {
        for (boolean compact : new boolean[] {true, false}) {
            byte[] packet = agentPacket(compact, BATCH);
            ThriftReader.AgentMessage message = ThriftReader.agentMessage(packet, packet.length, compact);
            assertThat(message.method()).isEqualTo("emitBatch");
            assertThat(message.batch()).isEqualTo(BATCH);
        }
    }

    @Test
    void emitZipkinBatch_isReportedWithoutABatch() throws TException {
        byte[] packet = zipkinPacket(true);
        ThriftReader.AgentMessage message = ThriftReader.agentMessage(packet, packet.length, true);
        assertThat(message.method()).isEqualTo("emitZipkinBatch");
        assertThat(message.batch()).isNull();
    }

    @Test
    void packetInTheOtherProtocol_fails() throws TException {
        byte[] binary = agentPacket(false, BATCH);
        assertThatThrownBy(() -> ThriftReader.agentMessage(binary, binary.length, true)).isInstanceOf(TException.class);
    }

    @Test
    void truncatedPacket_fails() throws TException {
        byte[] packet = agentPacket(true, BATCH);
        assertThatThrownBy(() -> ThriftReader.agentMessage(packet, packet.length / 2, true)).isInstanceOf(TException.class);
    }

    @Test
    void binaryBatch_readsTheHttpBody_andRejectsAMissingRequiredField() throws TException {
        byte[] body = new TSerializer(new TBinaryProtocol.Factory()).serialize(BATCH);
        assertThat(ThriftReader.binaryBatch(body)).isEqualTo(BATCH);
        // Field 2 (spans) as an empty list of structs, then stop: the required process is absent.
        byte[] noProcess = {0x0f, 0x00, 0x02, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00};
        assertThatThrownBy(() -> ThriftReader.binaryBatch(noProcess)).isInstanceOf(TException.class)
                .hasMessageContaining("process");
    }

    @Test
    void hugeDeclaredListLength_failsWithoutAllocatingIt() {
        // A Batch whose span list claims 2^30 elements in a 20-byte body.
        byte[] body = {0x0c, 0x00, 0x01, 0x0b, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 'a', 0x00,
            0x0f, 0x00, 0x02, 0x0c, 0x40, 0x00, 0x00, 0x00};
        assertThatThrownBy(() -> ThriftReader.binaryBatch(body)).isInstanceOf(TException.class);
    }
}
