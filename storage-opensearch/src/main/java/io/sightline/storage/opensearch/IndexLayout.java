package io.sightline.storage.opensearch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Jaeger's index names: {@code <prefix>-jaeger-span-YYYY-MM-DD} and
 * {@code <prefix>-jaeger-service-YYYY-MM-DD}, dated by the span's start time in UTC, or the one
 * {@code <prefix>-jaeger-span-archive} index of the archive store.
 */
final class IndexLayout {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final String SPAN = "jaeger-span-";
    private static final String SERVICE = "jaeger-service-";
    private static final String ARCHIVE = "jaeger-span-archive";

    private final String prefix;
    private final boolean archive;

    IndexLayout(String indexPrefix, boolean archive) {
        this.prefix = indexPrefix.isEmpty() || indexPrefix.endsWith("-") ? indexPrefix : indexPrefix + "-";
        this.archive = archive;
    }

    String prefix() {
        return prefix;
    }

    boolean archive() {
        return archive;
    }

    String spanIndex(long startEpochMicros) {
        return archive ? prefix + ARCHIVE : prefix + SPAN + day(startEpochMicros);
    }

    String serviceIndex(long startEpochMicros) {
        return prefix + SERVICE + day(startEpochMicros);
    }

    /** Every span index to read from; the archive is not one of the daily indices. */
    String spanReadPattern() {
        return archive ? prefix + ARCHIVE : prefix + SPAN + "*,-" + prefix + ARCHIVE + "*";
    }

    String serviceReadPattern() {
        return prefix + SERVICE + "*";
    }

    String dependenciesReadPattern() {
        return prefix + "jaeger-dependencies-*";
    }

    /** Index name patterns of the templates, as Jaeger's (which also cover the archive index). */
    String spanTemplatePattern() {
        return prefix + SPAN + "*";
    }

    String serviceTemplatePattern() {
        return prefix + SERVICE + "*";
    }

    /** The day of a daily span or service index of this prefix; empty for any other name. */
    Optional<LocalDate> dayOf(String index) {
        String rest;
        if (index.startsWith(prefix + SPAN)) {
            rest = index.substring(prefix.length() + SPAN.length());
        } else if (index.startsWith(prefix + SERVICE)) {
            rest = index.substring(prefix.length() + SERVICE.length());
        } else {
            return Optional.empty();
        }
        if (rest.length() != 10) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(rest, DAY));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String day(long epochMicros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L));
        return DAY.format(instant.atOffset(ZoneOffset.UTC).toLocalDate());
    }
}
