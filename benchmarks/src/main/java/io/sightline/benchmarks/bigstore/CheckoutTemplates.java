package io.sightline.benchmarks.bigstore;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Traces of exactly {@value #SPANS_PER_TRACE} spans, the only ones in which {@value #SERVICE}
 * appears, so that "the newest 20 traces of {@value #SERVICE}" is a search with a known answer:
 * 20 traces of 50 spans. A checkout reserves {@value #ITEMS} cart items one after the other; each
 * reservation is an HTTP call to the inventory service, which reads mysql and redis five times.
 * Spans carry the older HTTP attribute names (http.method, http.url, http.status_code), as many
 * instrumented services still send; a few reservations fail with an exception event.
 */
final class CheckoutTemplates {
  static final String SERVICE = "checkout";
  static final int ITEMS = 7;
  /** The root, then per item a client span, a server span and five database calls. */
  static final int SPANS_PER_TRACE = 1 + ITEMS * 7;
  private static final double FAILED_READ_PROBABILITY = 0.03;
  private static final long MS = 1_000_000L;

  private static final InstrumentationScope SCOPE = new InstrumentationScope("io.opentelemetry.okhttp-3.0", "2.9.0");
  private static final Resource CHECKOUT = resource(SERVICE, "4.0.2", "checkout-6d5f8b7c9-x7k2p");
  private static final Resource INVENTORY = resource("inventory", "2.3.0", "inventory-5b9c7d6f8-r4m8q");

  private CheckoutTemplates() {}

  static List<TraceTemplate> generate(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TraceTemplate> templates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      templates.add(TraceTemplate.of(checkout(random), SERVICE));
    }
    return templates;
  }

  private static List<Span> checkout(SplittableRandom random) {
    // IDs and times here are placeholders: the stamper replaces the IDs and shifts the times.
    TraceId traceId = TraceId.of(1, 1);
    List<Span> spans = new ArrayList<>(SPANS_PER_TRACE);
    long rootId = 1;
    long nextId = 2;
    long cartId = 10_000 + random.nextInt(90_000);
    long at = 200_000L + random.nextLong(800_000L); // request parsing before the first call
    boolean failed = false;
    for (int item = 0; item < ITEMS; item++) {
      long clientId = nextId++;
      long serverId = nextId++;
      long clientStart = at;
      long serverStart = clientStart + 150_000L + random.nextLong(250_000L);
      long t = serverStart + 50_000L;
      boolean itemFailed = false;
      for (int call = 0; call < 5; call++) {
        boolean redis = call % 2 == 1;
        long duration = redis ? 100_000L + random.nextLong(400_000L) : MS / 2 + random.nextLong(4 * MS);
        boolean error = !redis && random.nextDouble() < FAILED_READ_PROBABILITY;
        spans.add(databaseCall(traceId, nextId++, serverId, t, duration, redis, item, error));
        itemFailed |= error;
        t += duration + 20_000L;
      }
      long serverEnd = t + 30_000L;
      int status = itemFailed ? 500 : 200;
      String sku = "SKU-" + (1000 + random.nextInt(9000));
      String path = "/inventory/reserve";
      spans.add(Span.builder().traceId(traceId).spanId(serverId).parentSpanId(clientId)
          .name("POST " + path).kind(SpanKind.SERVER).startEpochNanos(serverStart).durationNanos(serverEnd - serverStart)
          .addAttribute(Attribute.of("http.method", "POST"))
          .addAttribute(Attribute.of("http.route", path))
          .addAttribute(Attribute.of("http.url", "http://inventory:8091" + path + "?sku=" + sku))
          .addAttribute(Attribute.of("http.status_code", (long) status))
          .addAttribute(Attribute.of("inventory.sku", sku))
          .addEvent(new SpanEvent(serverStart + 40_000L, "reservation.checked",
              List.of(Attribute.of("inventory.available", (long) random.nextInt(500)))))
          .status(itemFailed ? StatusCode.ERROR : StatusCode.UNSET, itemFailed ? "reservation failed" : "")
          .resource(INVENTORY).scope(SCOPE).build());
      long clientEnd = serverEnd + 120_000L + random.nextLong(200_000L);
      spans.add(Span.builder().traceId(traceId).spanId(clientId).parentSpanId(rootId)
          .name("POST " + path).kind(SpanKind.CLIENT).startEpochNanos(clientStart).durationNanos(clientEnd - clientStart)
          .addAttribute(Attribute.of("http.method", "POST"))
          .addAttribute(Attribute.of("http.url", "http://inventory:8091" + path + "?sku=" + sku))
          .addAttribute(Attribute.of("http.status_code", (long) status))
          .addAttribute(Attribute.of("peer.service", "inventory"))
          .status(itemFailed ? StatusCode.ERROR : StatusCode.UNSET, "")
          .resource(CHECKOUT).scope(SCOPE).build());
      failed |= itemFailed;
      at = clientEnd + 30_000L + random.nextLong(100_000L);
    }
    long rootEnd = at + MS / 2;
    spans.add(Span.builder().traceId(traceId).spanId(rootId)
        .name("POST /checkout").kind(SpanKind.SERVER).startEpochNanos(0).durationNanos(rootEnd)
        .addAttribute(Attribute.of("http.method", "POST"))
        .addAttribute(Attribute.of("http.route", "/checkout"))
        .addAttribute(Attribute.of("http.url", "http://checkout:8090/checkout?cart=" + cartId))
        .addAttribute(Attribute.of("http.status_code", failed ? 500L : 201L))
        .addAttribute(Attribute.of("cart.id", cartId))
        .addAttribute(Attribute.of("cart.items", (long) ITEMS))
        .addEvent(new SpanEvent(100_000L, "cart.validated", List.of(Attribute.of("cart.id", cartId))))
        .status(failed ? StatusCode.ERROR : StatusCode.UNSET, failed ? "checkout failed: an item could not be reserved" : "")
        .resource(CHECKOUT).scope(SCOPE).build());
    return spans;
  }

  private static Span databaseCall(TraceId traceId, long spanId, long parentId, long start, long duration,
      boolean redis, int item, boolean error) {
    Span.Builder span = Span.builder().traceId(traceId).spanId(spanId).parentSpanId(parentId)
        .kind(SpanKind.CLIENT).startEpochNanos(start).durationNanos(duration).resource(INVENTORY).scope(SCOPE);
    if (redis) {
      span.name("GET").addAttribute(Attribute.of("db.system", "redis"))
          .addAttribute(Attribute.of("db.statement", "GET reservation:" + item))
          .addAttribute(Attribute.of("peer.service", "redis"));
    } else {
      span.name("SELECT inventory").addAttribute(Attribute.of("db.system", "mysql"))
          .addAttribute(Attribute.of("db.name", "inventory"))
          .addAttribute(Attribute.of("db.statement", "SELECT available FROM stock WHERE sku = ? FOR UPDATE"))
          .addAttribute(Attribute.of("peer.service", "mysql"));
    }
    if (error) {
      span.status(StatusCode.ERROR, "Lock wait timeout exceeded")
          .addEvent(new SpanEvent(start + duration, "exception", List.of(
              Attribute.of("exception.type", "java.sql.SQLTransientException"),
              Attribute.of("exception.message", "Lock wait timeout exceeded; try restarting transaction"),
              Attribute.of("exception.escaped", false))));
    }
    return span.build();
  }

  private static Resource resource(String service, String version, String host) {
    return new Resource(service, List.of(
        Attribute.of("service.version", version),
        Attribute.of("service.namespace", "shop"),
        Attribute.of("host.name", host),
        Attribute.of("k8s.pod.name", host),
        Attribute.of("telemetry.sdk.language", "java"),
        Attribute.of("telemetry.sdk.version", "1.58.0")));
  }
}
