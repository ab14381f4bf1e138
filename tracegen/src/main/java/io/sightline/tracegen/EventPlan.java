package io.sightline.tracegen;

import io.opentelemetry.api.common.Attributes;

/** A span event to emit, at an offset in nanoseconds from the start of its trace. */
record EventPlan(String name, long atNs, Attributes attributes) {}
