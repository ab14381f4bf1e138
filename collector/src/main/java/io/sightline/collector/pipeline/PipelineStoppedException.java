package io.sightline.collector.pipeline;

/** The pipeline is shutting down and takes no more spans; the sender should retry elsewhere or later. */
public final class PipelineStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PipelineStoppedException() {
        super("the server is shutting down and accepts no more spans", null, false, false);
    }
}
