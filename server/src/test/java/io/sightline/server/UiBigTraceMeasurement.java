package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sightline.server.config.Setting;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A measurement, not a test run by the build: a 100,000-span trace in headless Chromium. Prints
 * the time from navigation to the first rendered rows and the frame times while scrolling, and
 * the API's answer time and size. Run it with
 * {@code ./mvnw -B -ntp verify -pl server -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=UiBigTraceMeasurement -DargLine=-Xmx512m}.
 */
class UiBigTraceMeasurement {
    private static final int SPANS = 100_000;
    private static final String TRACE = "00000000000000000000000000100000";

    @TempDir
    Path dir;

    @Test
    void hundredThousandSpans() throws Exception {
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dir.resolve("data")))) {
            send(server);
            long apiStart = System.nanoTime();
            var response = HttpGets.get(server.queryPort(), "/api/traces/" + TRACE);
            long apiMs = (System.nanoTime() - apiStart) / 1_000_000;
            assertThat(response.statusCode()).isEqualTo(200);
            System.out.printf("API: /api/traces/{id} with %d spans: %d ms, %d bytes of JSON, heap max %d MiB%n",
                    SPANS, apiMs, response.body().length(), Runtime.getRuntime().maxMemory() >> 20);

            WebDriver browser = UiBrowserIT.startBrowser(dir.resolve("chromium"));
            try {
                String url = "http://127.0.0.1:" + server.queryPort() + "/trace/" + TRACE;
                long start = System.nanoTime();
                browser.get(url);
                new WebDriverWait(browser, Duration.ofSeconds(120))
                        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .span-row")));
                long firstRowsMs = (System.nanoTime() - start) / 1_000_000;
                int rowsInDom = browser.findElements(By.cssSelector("#timeline .span-row")).size();
                @SuppressWarnings("unchecked")
                Map<String, Object> frames = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const viewport = document.getElementById('timeline-viewport');
                        const deltas = [];
                        let last = performance.now();
                        let frame = 0;
                        function step(now) {
                          deltas.push(now - last);
                          last = now;
                          viewport.scrollTop += 480;
                          if (++frame < 240) requestAnimationFrame(step);
                          else {
                            deltas.shift();
                            deltas.sort((a, b) => a - b);
                            const pick = q => deltas[Math.min(deltas.length - 1, Math.floor(q * deltas.length))];
                            done({p50: pick(0.5), p95: pick(0.95), max: deltas[deltas.length - 1],
                                  scrolledRows: Math.round(viewport.scrollTop / 24)});
                          }
                        }
                        requestAnimationFrame(step);
                        """);
                System.out.printf("UI: first rows %d ms after navigation; %d rows in the DOM; scrolling %s rows: "
                                + "frame p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", firstRowsMs, rowsInDom,
                        frames.get("scrolledRows"), ((Number) frames.get("p50")).doubleValue(),
                        ((Number) frames.get("p95")).doubleValue(), ((Number) frames.get("max")).doubleValue());
            } finally {
                browser.quit();
            }
        }
    }

    private static void send(AllInOneServer server) {
        TraceServiceGrpc.TraceServiceBlockingStub stub = GrpcClients.newClient(
                "http://127.0.0.1:" + server.otlpGrpcPort() + "/", TraceServiceGrpc.TraceServiceBlockingStub.class);
        byte[] traceId = HexFormat.of().parseHex(TRACE);
        long startNanos = System.currentTimeMillis() * 1_000_000L;
        String[] services = {"gateway", "orders", "billing", "inventory", "search"};
        for (int from = 1; from <= SPANS; from += 2_000) {
            ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
            for (String service : services) {
                ScopeSpans.Builder scope = ScopeSpans.newBuilder();
                for (int id = from; id < from + 2_000 && id <= SPANS; id++) {
                    if (!services[id % services.length].equals(service)) {
                        continue;
                    }
                    // A tree ten wide: span n's parent is n / 10.
                    Span.Builder span = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId))
                            .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array()))
                            .setName("op-" + (id % 40))
                            .setStartTimeUnixNano(startNanos + id * 10_000L)
                            .setEndTimeUnixNano(startNanos + id * 10_000L + 2_000_000L)
                            .addAttributes(KeyValue.newBuilder().setKey("http.status_code")
                                    .setValue(AnyValue.newBuilder().setIntValue(200)));
                    if (id > 1) {
                        span.setParentSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(Math.max(1, id / 10)).array()));
                    }
                    scope.addSpans(span);
                }
                request.addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(service))))
                        .addScopeSpans(scope));
            }
            stub.export(request.build());
        }
    }
}
