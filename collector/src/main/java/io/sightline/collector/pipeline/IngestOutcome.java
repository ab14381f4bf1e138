package io.sightline.collector.pipeline;

/**
 * What became of an accepted request's spans: all stored, or (with
 * {@code COLLECTOR_REJECT_WHEN_FULL=false}) dropped because the queue was full; and how many
 * had attribute values cut to the configured length. Receivers whose protocol can say so
 * (OTLP's {@code partial_success}) report it to the sender.
 */
public record IngestOutcome(int storedSpans, int droppedSpans, int truncatedSpans, int maxAttributeValueChars) {

    static IngestOutcome stored(int spans, int truncatedSpans, int maxAttributeValueChars) {
        return new IngestOutcome(spans, 0, truncatedSpans, maxAttributeValueChars);
    }

    static IngestOutcome dropped(int spans, int truncatedSpans, int maxAttributeValueChars) {
        return new IngestOutcome(0, spans, truncatedSpans, maxAttributeValueChars);
    }

    /** Whether the sender should hear about something other than a plain success. */
    public boolean isPartial() {
        return droppedSpans > 0 || truncatedSpans > 0;
    }

    /** One sentence for the sender, naming what was dropped or cut; empty when nothing was. */
    public String message() {
        StringBuilder message = new StringBuilder();
        if (droppedSpans > 0) {
            message.append(droppedSpans).append(" spans dropped: the ingest queue is full");
        }
        if (truncatedSpans > 0) {
            if (message.length() > 0) {
                message.append("; ");
            }
            message.append(truncatedSpans).append(" spans stored with attribute values cut to ")
                    .append(maxAttributeValueChars).append(" characters");
        }
        return message.toString();
    }
}
