package io.sightline.tracegen;

import static io.sightline.tracegen.Service.CUSTOMER;
import static io.sightline.tracegen.Service.DRIVER;
import static io.sightline.tracegen.Service.FRONTEND;
import static io.sightline.tracegen.Service.MYSQL;
import static io.sightline.tracegen.Service.REDIS;
import static io.sightline.tracegen.Service.ROUTE;
import static io.sightline.tracegen.SpanShapes.exception;
import static io.sightline.tracegen.SpanShapes.httpClient;
import static io.sightline.tracegen.SpanShapes.httpServer;
import static io.sightline.tracegen.SpanShapes.rpc;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Plans one "dispatch a car" request through the simulated system: the frontend looks up the
 * customer (which queries mysql), asks the driver service for nearby drivers (which queries redis),
 * then asks the route service for an ETA per driver on a small worker pool, and picks the best.
 *
 * <p>All randomness comes from one seeded generator consumed in a fixed order, so the same seed
 * gives the same sequence of trace shapes, attributes, latencies and errors.
 */
final class TracePlanner {
  private static final double LINK_PROBABILITY = 0.1;
  private static final double MYSQL_LOCK_PROBABILITY = 0.2;
  private static final double MYSQL_ERROR_PROBABILITY = 0.02;
  private static final double REDIS_TIMEOUT_PROBABILITY = 0.04;
  private static final double ROUTE_OVERLOAD_PROBABILITY = 0.02;
  private static final double ROUTE_CACHE_HIT_PROBABILITY = 0.3;
  private static final int MAX_GET_DRIVER_ATTEMPTS = 2;
  /** The frontend computes ETAs on a pool this size, so route calls overlap in waves. */
  private static final int ROUTE_WORKERS = 3;
  private static final int MIN_DRIVERS = 5;
  private static final int MAX_DRIVERS = 10;

  private static final AttributeKey<Double> DISTANCE_KM = AttributeKey.doubleKey("route.distance_km");

  private static final Customer[] CUSTOMERS = {
    new Customer(214, "Harbor Bakery", 118, 742),
    new Customer(388, "Juniper Books", 655, 209),
    new Customer(561, "Quarry Cycles", 903, 471),
    new Customer(840, "Lantern Tea House", 327, 66),
  };
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15",
    "okhttp/4.12.0",
  };

  private final SplittableRandom random;
  private final Latencies latencies;

  TracePlanner(long seed) {
    random = new SplittableRandom(seed);
    latencies = new Latencies(random);
  }

  SpanPlan planDispatch() {
    Customer customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
    SpanDraft root =
        httpServer(FRONTEND, "/dispatch", "customer=" + customer.id, 0)
            .put("client.address", "10.42." + random.nextInt(256) + "." + random.nextInt(256))
            .put("user_agent.original", USER_AGENTS[random.nextInt(USER_AGENTS.length)])
            .put("customer.id", String.valueOf(customer.id));
    if (random.nextDouble() < LINK_PROBABILITY) {
      root.linkToPrevious();
    }

    SpanPlan customerCall = planCustomerCall(latencyNs(0.2), customer);
    root.child(customerCall);
    if (customerCall.isError()) {
      return failDispatch(root, customerCall.endNs(), 500, "customer lookup failed");
    }

    DriverSearch search = planDriverSearch(customerCall.endNs() + latencyNs(0.1), customer);
    root.child(search.call());
    if (search.driverIds().isEmpty()) {
      return failDispatch(root, search.call().endNs(), 503, "no drivers found");
    }

    Etas etas = planEtas(search.call().endNs() + latencyNs(0.1), search.driverIds(), customer);
    root.child(etas.span());
    long t = etas.span().endNs();
    if (etas.driverIds().isEmpty()) {
      return failDispatch(root, t, 503, "no route available");
    }
    int best = 0;
    for (int i = 1; i < etas.seconds().size(); i++) {
      if (etas.seconds().get(i) < etas.seconds().get(best)) {
        best = i;
      }
    }
    root.event(
        "Dispatch successful",
        t,
        Attributes.builder()
            .put("driver.id", etas.driverIds().get(best))
            .put("eta.seconds", etas.seconds().get(best))
            .put("eta.candidates", (long) etas.driverIds().size())
            .build());
    root.put("http.response.status_code", 200L).put("dispatch.driver_id", etas.driverIds().get(best));
    return root.end(t + latencyNs(0.1));
  }

  private SpanPlan failDispatch(SpanDraft root, long atNs, long status, String cause) {
    root.event("Dispatch failed", atNs, Attributes.builder().put("error.cause", cause).build());
    root.put("http.response.status_code", status).error(cause);
    return root.end(atNs + latencyNs(0.1));
  }

  // --- customer -> mysql ---------------------------------------------------------------------

  private SpanPlan planCustomerCall(long startNs, Customer customer) {
    SpanDraft client = httpClient(FRONTEND, CUSTOMER, "/customer", "customer=" + customer.id, startNs);
    SpanDraft server =
        httpServer(CUSTOMER, "/customer", "customer=" + customer.id, startNs + networkHopNs());
    long t = server.startNs() + latencyNs(0.05);
    server.event(
        "Loading customer", t, Attributes.builder().put("customer.id", (long) customer.id).build());

    SpanPlan query = planCustomerQuery(t, customer);
    server.child(query);
    long serverEndNs = query.endNs() + latencyNs(0.1);
    long status = query.isError() ? 500 : 200;
    server.put("http.response.status_code", status);
    client.put("http.response.status_code", status);
    if (query.isError()) {
      server.error("database error");
      client.error("HTTP 500");
    } else {
      server.put("customer.name", customer.name);
    }
    client.child(server.end(serverEndNs));
    return client.end(serverEndNs + networkHopNs());
  }

  private SpanPlan planCustomerQuery(long startNs, Customer customer) {
    SpanDraft query =
        new SpanDraft(MYSQL, "SQL SELECT", SpanKind.CLIENT, startNs)
            .put("db.system", "mysql")
            .put("db.name", "customers")
            .put("db.statement", "SELECT * FROM customer WHERE customer_id = ?")
            .put("db.operation", "SELECT")
            .put("server.address", MYSQL.serviceName())
            .put("server.port", MYSQL.port())
            .put("customer.id", (long) customer.id);
    long t = startNs;
    if (random.nextDouble() < MYSQL_LOCK_PROBABILITY) {
      // Simulates the row lock contention that makes the customer call the slow one under load.
      int blockers = 1 + random.nextInt(3);
      String[] blockerIds = new String[blockers];
      for (int i = 0; i < blockers; i++) {
        blockerIds[i] = "txn-" + (1000 + random.nextInt(9000));
      }
      long waitNs = latencyNs(40);
      query.event(
          "Waiting for lock behind " + blockers + " transactions",
          t,
          Attributes.builder()
              .put("lock.blockers", blockerIds)
              .put("lock.wait_ms", waitNs / 1_000_000)
              .build());
      t += waitNs;
      query.event("Acquired lock", t, Attributes.empty());
    }
    if (random.nextDouble() < MYSQL_ERROR_PROBABILITY) {
      t += latencyNs(15);
      query.error("Deadlock found when trying to get lock");
      query.event(
          "exception",
          t,
          exception(
              "java.sql.SQLTransactionRollbackException",
              "Deadlock found when trying to get lock; try restarting transaction",
              "CustomerRepository.findById"));
      return query.end(t);
    }
    t += latencyNs(30);
    query.put("db.rows_returned", 1L);
    return query.end(t);
  }

  // --- driver -> redis -----------------------------------------------------------------------

  private DriverSearch planDriverSearch(long startNs, Customer customer) {
    String method = "/driver.DriverService/FindNearest";
    SpanDraft client =
        rpc(new SpanDraft(FRONTEND, method, SpanKind.CLIENT, startNs))
            .put("server.address", DRIVER.serviceName())
            .put("server.port", DRIVER.port());
    SpanDraft server = rpc(new SpanDraft(DRIVER, method, SpanKind.SERVER, startNs + networkHopNs()));
    long t = server.startNs() + latencyNs(0.05);
    server.event(
        "Searching for nearby drivers",
        t,
        Attributes.builder().put("location", customer.location()).build());

    int candidates = MIN_DRIVERS + random.nextInt(MAX_DRIVERS - MIN_DRIVERS + 1);
    String[] candidateIds = new String[candidates];
    for (int i = 0; i < candidates; i++) {
      candidateIds[i] = String.format(Locale.ROOT, "T7%05d", random.nextInt(100_000));
    }
    long findEndNs = t + latencyNs(8);
    server.child(
        new SpanDraft(REDIS, "FindDriverIDs", SpanKind.CLIENT, t)
            .put("db.system", "redis")
            .put("db.statement", "GEOSEARCH drivers FROMLONLAT ? ? BYRADIUS 5 km")
            .put("server.address", REDIS.serviceName())
            .put("server.port", REDIS.port())
            .put("location", customer.location())
            .put("driver.ids", candidateIds)
            .put("driver.count", (long) candidates)
            .end(findEndNs));

    t = findEndNs + latencyNs(0.05);
    List<String> found = new ArrayList<>();
    for (String driverId : candidateIds) {
      for (int attempt = 1; attempt <= MAX_GET_DRIVER_ATTEMPTS; attempt++) {
        SpanPlan get = planGetDriver(t, driverId, attempt);
        server.child(get);
        t = get.endNs() + latencyNs(0.02);
        if (!get.isError()) {
          found.add(driverId);
          break;
        }
      }
    }
    server.event(
        "Search successful", t, Attributes.builder().put("driver.count", (long) found.size()).build());
    long serverEndNs = t + latencyNs(0.05);
    client.child(server.end(serverEndNs));
    return new DriverSearch(client.end(serverEndNs + networkHopNs()), found);
  }

  private SpanPlan planGetDriver(long startNs, String driverId, int attempt) {
    SpanDraft get =
        new SpanDraft(REDIS, "GetDriver", SpanKind.CLIENT, startNs)
            .put("db.system", "redis")
            .put("db.statement", "HGETALL driver:" + driverId)
            .put("server.address", REDIS.serviceName())
            .put("server.port", REDIS.port())
            .put("driver.id", driverId)
            .put("retry.attempt", (long) attempt);
    if (random.nextDouble() < REDIS_TIMEOUT_PROBABILITY) {
      // A timed-out read lasts as long as the client's read timeout, not as long as a normal read.
      long timeoutNs = (50 + random.nextInt(30)) * 1_000_000L;
      get.error("redis timeout");
      get.event(
          "exception",
          startNs + timeoutNs,
          exception(
              "redis.clients.jedis.exceptions.JedisConnectionException",
              "java.net.SocketTimeoutException: Read timed out",
              "DriverStore.getDriver"));
      return get.end(startNs + timeoutNs);
    }
    return get.end(startNs + latencyNs(2));
  }

  // --- frontend -> route ---------------------------------------------------------------------

  private Etas planEtas(long startNs, List<String> driverIds, Customer customer) {
    SpanDraft compute =
        new SpanDraft(FRONTEND, "compute ETAs", SpanKind.INTERNAL, startNs)
            .put("eta.workers", (long) ROUTE_WORKERS)
            .put("eta.requested", (long) driverIds.size());
    long[] workerFreeAtNs = new long[ROUTE_WORKERS];
    Arrays.fill(workerFreeAtNs, startNs + latencyNs(0.05));
    List<String> routed = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    long endNs = startNs;
    for (String driverId : driverIds) {
      int worker = earliest(workerFreeAtNs);
      SpanPlan call = planRouteCall(workerFreeAtNs[worker], driverId, customer);
      compute.child(call);
      workerFreeAtNs[worker] = call.endNs() + latencyNs(0.02);
      endNs = Math.max(endNs, call.endNs());
      if (!call.isError()) {
        routed.add(driverId);
        seconds.add(etaSeconds(call));
      }
    }
    compute
        .put("eta.driver_ids", routed.toArray(String[]::new))
        .put("eta.seconds", seconds.stream().mapToDouble(Double::doubleValue).toArray());
    return new Etas(compute.end(endNs + latencyNs(0.05)), routed, seconds);
  }

  private SpanPlan planRouteCall(long startNs, String driverId, Customer customer) {
    String query = "dropoff=" + customer.location() + "&pickup=" + pickup();
    SpanDraft client = httpClient(FRONTEND, ROUTE, "/route", query, startNs).put("driver.id", driverId);
    SpanDraft server = httpServer(ROUTE, "/route", query, startNs + networkHopNs());
    long t = server.startNs() + latencyNs(0.05);
    if (random.nextDouble() < ROUTE_OVERLOAD_PROBABILITY) {
      server.event(
          "Shedding load",
          t,
          Attributes.builder().put("queue.depth", 64L + random.nextInt(64)).build());
      server.put("http.response.status_code", 503L).error("route engine overloaded");
      client.put("http.response.status_code", 503L).error("HTTP 503");
      long serverEndNs = t + latencyNs(0.1);
      client.child(server.end(serverEndNs));
      return client.end(serverEndNs + networkHopNs());
    }
    boolean cacheHit = random.nextDouble() < ROUTE_CACHE_HIT_PROBABILITY;
    int waypoints = 2 + random.nextInt(6);
    long[] waypointIds = new long[waypoints];
    for (int i = 0; i < waypoints; i++) {
      waypointIds[i] = 10_000L + random.nextInt(90_000);
    }
    double distanceKm = Math.round((0.5 + random.nextDouble() * 9.5) * 100) / 100.0;
    long computeEndNs = t + (cacheHit ? latencyNs(0.5) : latencyNs(25));
    server.child(
        new SpanDraft(ROUTE, "compute route", SpanKind.INTERNAL, t)
            .put("route.cache_hit", cacheHit)
            .put("route.distance_km", distanceKm)
            .put("route.waypoint_ids", waypointIds)
            .end(computeEndNs));
    server.put("http.response.status_code", 200L);
    client.put("http.response.status_code", 200L).put("route.distance_km", distanceKm);
    long serverEndNs = computeEndNs + latencyNs(0.05);
    client.child(server.end(serverEndNs));
    return client.end(serverEndNs + networkHopNs());
  }

  /** An ETA follows from the distance the route service computed, at city speeds of ~30 km/h. */
  private static double etaSeconds(SpanPlan routeCall) {
    Double distanceKm = routeCall.attributes().get(DISTANCE_KM);
    return Math.round(distanceKm / 30.0 * 3600.0 * 10) / 10.0;
  }

  private long latencyNs(double medianMs) {
    return latencies.sampleNs(medianMs);
  }

  private long networkHopNs() {
    return latencies.networkHopNs();
  }

  private String pickup() {
    return random.nextInt(1000) + "," + random.nextInt(1000);
  }

  private static int earliest(long[] values) {
    int min = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] < values[min]) {
        min = i;
      }
    }
    return min;
  }

  private record Customer(int id, String name, int x, int y) {
    String location() {
      return x + "," + y;
    }
  }

  private record DriverSearch(SpanPlan call, List<String> driverIds) {}

  private record Etas(SpanPlan span, List<String> driverIds, List<Double> seconds) {}
}
