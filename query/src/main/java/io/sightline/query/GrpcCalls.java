package io.sightline.query;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sightline.core.storage.StorageException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every gRPC query method does around its body: answer once, turn failures into the
 * status the API names (bad input INVALID_ARGUMENT naming the field, NOT_FOUND, storage failures
 * INTERNAL), and stop streaming when the client has gone. Bodies run on the blocking-task
 * executor (storage reads block), never on the event loop.
 */
final class GrpcCalls {
    private static final Logger logger = LoggerFactory.getLogger(GrpcCalls.class);

    private GrpcCalls() {}

    static <T> void unary(StreamObserver<T> observer, String failure, Supplier<T> body) {
        T response;
        try {
            response = body.get();
        } catch (RuntimeException e) {
            observer.onError(toStatus(e, failure));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    /** @param body sends messages through the sink it is given; a cancelled call stops it */
    static <T> void streaming(StreamObserver<T> observer, String failure, Consumer<Sink<T>> body) {
        Sink<T> sink = new Sink<>(observer);
        try {
            body.accept(sink);
        } catch (Cancelled e) {
            return; // The client went away: nobody to answer.
        } catch (RuntimeException e) {
            observer.onError(toStatus(e, failure));
            return;
        }
        observer.onCompleted();
    }

    /** Sends streamed messages; throws {@link Cancelled} once the client has cancelled. */
    static final class Sink<T> {
        private final StreamObserver<T> observer;

        Sink(StreamObserver<T> observer) {
            this.observer = observer;
        }

        void send(T message) {
            if (observer instanceof ServerCallStreamObserver<T> call && call.isCancelled()) {
                throw new Cancelled();
            }
            observer.onNext(message);
        }
    }

    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("cancelled by the client", null, false, false);
        }
    }

    static StatusRuntimeException invalidArgument(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    /** The status of a failure; {@code failure} says what was being done, for server faults. */
    static StatusRuntimeException toStatus(RuntimeException e, String failure) {
        if (e instanceof StatusRuntimeException status) {
            return status;
        }
        if (e instanceof ApiException api) {
            return fromHttp(api.status().code(), api.getMessage());
        }
        if (e instanceof ApiV3Handlers.V3Exception v3) {
            return fromHttp(v3.status.code(), v3.getMessage());
        }
        if (e instanceof StorageException) {
            logger.warn("storage failed: {}", failure, e);
            return Status.INTERNAL.withDescription(failure + ": " + e.getMessage()).asRuntimeException();
        }
        if (e instanceof UnsupportedOperationException) {
            logger.warn("storage cannot serve: {}", failure, e);
            return Status.UNIMPLEMENTED.withDescription("the storage backend does not support this query: "
                    + e.getMessage()).asRuntimeException();
        }
        logger.error("unexpected failure: {}", failure, e);
        return Status.INTERNAL.withDescription(failure + ": internal error: " + e).asRuntimeException();
    }

    private static StatusRuntimeException fromHttp(int httpStatus, String message) {
        Status status = switch (httpStatus) {
            case 400 -> Status.INVALID_ARGUMENT;
            case 404 -> Status.NOT_FOUND;
            case 503 -> Status.UNAVAILABLE;
            default -> Status.INTERNAL;
        };
        return status.withDescription(message).asRuntimeException();
    }

    /** µs since the epoch; null when the field is unset or all zero (Jaeger's "not given"). */
    static Long epochMicros(boolean present, Timestamp timestamp, String field) {
        if (!present || (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0)) {
            return null;
        }
        if (timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999) {
            throw invalidArgument(field + ": nanos " + timestamp.getNanos() + " (expected: 0 to 999999999)");
        }
        try {
            return Math.addExact(Math.multiplyExact(timestamp.getSeconds(), 1_000_000L), timestamp.getNanos() / 1_000);
        } catch (ArithmeticException e) {
            throw invalidArgument(field + ": " + timestamp.getSeconds() + " s is out of range");
        }
    }

    /** ns; null when unset or zero. */
    static Long nanos(boolean present, Duration duration, String field) {
        if (!present || (duration.getSeconds() == 0 && duration.getNanos() == 0)) {
            return null;
        }
        long nanos;
        try {
            nanos = Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000_000L), duration.getNanos());
        } catch (ArithmeticException e) {
            throw invalidArgument(field + ": " + duration.getSeconds() + " s is out of range");
        }
        if (nanos < 0) {
            throw invalidArgument(field + ": negative duration " + nanos + " ns");
        }
        return nanos;
    }
}
