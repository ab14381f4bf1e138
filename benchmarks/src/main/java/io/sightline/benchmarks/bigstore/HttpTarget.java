package io.sightline.benchmarks.bigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running server's query API, through the JDK's HTTP client (HTTP/1.1, one connection kept
 * alive, one request at a time). The time is from sending the request to having the whole body.
 */
final class HttpTarget implements QueryTarget {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  /** @param baseUrl the query port, e.g. {@code http://127.0.0.1:16686} */
  HttpTarget(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Override
  public TraceAnswer traceById(String traceId) throws Exception {
    Timed timed = get("/api/traces/" + traceId);
    if (timed.status == 404) {
      return new TraceAnswer(timed.nanos, 0, timed.body.length);
    }
    JsonNode data = ok(timed, traceId).get("data");
    int spans = data.size() == 0 ? 0 : data.get(0).get("spans").size();
    return new TraceAnswer(timed.nanos, spans, timed.body.length);
  }

  @Override
  public SearchAnswer search(String service, long startEpochMicros, long endEpochMicros, int limit) throws Exception {
    String path = "/api/traces?service=" + URLEncoder.encode(service, StandardCharsets.UTF_8)
        + "&tags=" + URLEncoder.encode("{\"" + SEARCH_TAG_KEY + "\":\"" + SEARCH_TAG_VALUE + "\"}", StandardCharsets.UTF_8)
        + "&start=" + startEpochMicros + "&end=" + endEpochMicros + "&limit=" + limit;
    Timed timed = get(path);
    List<FoundTrace> found = new ArrayList<>();
    for (JsonNode trace : ok(timed, path).get("data")) {
      found.add(new FoundTrace(trace.get("traceID").asText(), trace.get("spans").size()));
    }
    return new SearchAnswer(timed.nanos, -1, found, timed.body.length);
  }

  private Timed get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).GET().build();
    long t0 = System.nanoTime();
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    long nanos = System.nanoTime() - t0;
    return new Timed(nanos, response.statusCode(), response.body());
  }

  private static JsonNode ok(Timed timed, String what) throws Exception {
    if (timed.status != 200) {
      throw new AnswerMismatch("GET " + what + " answered " + timed.status + ": "
          + new String(timed.body, 0, Math.min(300, timed.body.length), StandardCharsets.UTF_8));
    }
    return JSON.readTree(timed.body);
  }

  private record Timed(long nanos, int status, byte[] body) {}

  @Override
  public void close() {
    // The JDK client of Java 17 has no close; its connection goes with the process.
  }
}
