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
import io.sightline.tracegen.GenerationReport;
import io.sightline.tracegen.TrafficGenerator;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's headless Chromium and chromedriver, which
 * {@code .ci/run} installs), against a server that received the traffic generator's traces:
 * search, the trace timeline and span details, span search, a 20,000-span trace, the system
 * architecture page, and a base path.
 */
class UiBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int BIG_TRACE_SPANS = 20_000;

    @TempDir
    static Path dir;
    private static AllInOneServer server;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void start() {
        // The UI is what is under test here, not the store: the memory store answers every API.
        server = AllInOneServer.start(TestServers.config(dir.resolve("data")).with(Setting.STORAGE, "memory"));
        try (TrafficGenerator generator = TrafficGenerator.builder()
                .endpoint("http://127.0.0.1:" + server.otlpGrpcPort()).seed(11).build()) {
            GenerationReport report = generator.generate(12);
            assertThat(report.hasFailures()).isFalse();
        }
        sendBigTrace();
        browser = startBrowser(dir.resolve("chromium"));
        base = "http://127.0.0.1:" + server.queryPort() + "/";
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    static WebDriver startBrowser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    @Test
    void search_findsTheGeneratorsTraces_andOpensOneWithItsTimelineAndSpanDetails() {
        browser.get(base + "search");
        waiting().until(d -> new Select(d.findElement(By.id("service"))).getOptions().size() > 1);
        new Select(browser.findElement(By.id("service"))).selectByVisibleText("frontend");
        browser.findElement(By.id("find-traces")).click();
        List<WebElement> rows = waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#trace-list li"), 0));
        assertThat(browser.getCurrentUrl()).contains("search?service=frontend");
        assertThat(browser.findElements(By.cssSelector("#scatter circle"))).hasSize(rows.size());
        assertThat(rows.get(0).getText()).contains("frontend").containsPattern("\\d+ Spans?");

        String traceId = rows.get(0).getAttribute("data-trace-id");
        rows.get(0).findElement(By.cssSelector("a.trace-title")).click();
        waiting().until(ExpectedConditions.urlContains("trace/" + traceId));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .span-row")));
        int spans = HttpGets.json(HttpGets.get(server.queryPort(), "/api/traces/" + traceId)).at("/data/0/spans").size();
        assertThat(browser.findElement(By.id("trace-span-count")).getText()).isEqualTo(String.valueOf(spans));
        assertThat(browser.findElements(By.cssSelector("#timeline .span-row"))).hasSize(spans);

        browser.findElements(By.cssSelector("#timeline .span-row")).get(0).click();
        WebElement detail = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("span-detail")));
        assertThat(detail.findElement(By.id("detail-span-id")).getText()).matches("[0-9a-f]{16}.*");
        assertThat(detail.findElement(By.id("detail-process")).getText()).contains("Process");

        WebElement find = browser.findElement(By.id("span-find"));
        find.sendKeys("frontend");
        waiting().until(ExpectedConditions.textMatches(By.id("find-count"), java.util.regex.Pattern.compile("[1-9]\\d* match")));
        assertThat(browser.findElements(By.cssSelector("#timeline .span-row.match"))).isNotEmpty();

        browser.findElement(By.id("show-statistics")).click();
        assertThat(browser.findElement(By.id("statistics")).getText()).contains("frontend");
    }

    @Test
    void bigTrace_rendersOnlyTheRowsInView_andCollapsingHidesASubtree() {
        browser.get(base + "trace/00000000000000000000000000b16b16");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .span-row")));
        assertThat(browser.findElement(By.id("trace-span-count")).getText()).isEqualTo(String.valueOf(BIG_TRACE_SPANS));
        assertThat(browser.findElements(By.cssSelector("#timeline .span-row")).size()).isBetween(10, 200);

        browser.findElement(By.cssSelector("#timeline .span-row .toggle")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#timeline .span-row")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#timeline .span-row")).getText()).contains("+" + (BIG_TRACE_SPANS - 1));
    }

    @Test
    void deepLinkToASpan_selectsItAndShowsItsDetails() {
        browser.get(base + "trace/00000000000000000000000000b16b16?uiFind=0000000000002710");
        WebElement detail = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("span-detail")));
        assertThat(detail.findElement(By.id("detail-span-id")).getText()).startsWith("0000000000002710");
        assertThat(browser.findElements(By.cssSelector("#timeline .span-row.selected"))).hasSize(1);
    }

    @Test
    void systemArchitecture_drawsTheServicesAndTheirCalls() {
        browser.get(base + "dependencies");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dependency-graph g.node")));
        assertThat(browser.findElements(By.cssSelector("#dependency-graph g.node[data-service='frontend']"))).hasSize(1);
        assertThat(browser.findElement(By.id("dependency-table")).getText()).contains("frontend");
    }

    @Test
    void unknownTrace_showsTheApiErrorInsteadOfABlankPage() {
        browser.get(base + "trace/0123456789abcdef");
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#page .error")));
        assertThat(error.getText()).contains("trace not found");
    }

    @Test
    void underABasePath_everyPageAndCallCarriesThePrefix() {
        try (AllInOneServer prefixed = AllInOneServer.start(TestServers.config(dir.resolve("data-prefixed"))
                .with(Setting.STORAGE, "memory").with(Setting.QUERY_BASE_PATH, "/jaeger"))) {
            HttpResponse<String> index = HttpGets.get(prefixed.queryPort(), "/jaeger/trace/abc");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("<base href=\"/jaeger/\">").doesNotContain("DEFAULT_CONFIG");
            assertThat(HttpGets.get(prefixed.queryPort(), "/jaeger/static/app.js").statusCode()).isEqualTo(200);
            assertThat(HttpGets.get(prefixed.queryPort(), "/search").statusCode()).isEqualTo(404);

            browser.get("http://127.0.0.1:" + prefixed.queryPort() + "/jaeger/search");
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("service")));
            browser.findElement(By.cssSelector("a[data-page='dependencies']")).click();
            waiting().until(ExpectedConditions.urlToBe("http://127.0.0.1:" + prefixed.queryPort() + "/jaeger/dependencies"));
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("no-dependencies")));
        }
    }

    /** One trace of {@value #BIG_TRACE_SPANS} spans: a root and a chain of children under it. */
    private static void sendBigTrace() {
        TraceServiceGrpc.TraceServiceBlockingStub stub = GrpcClients.newClient(
                "http://127.0.0.1:" + server.otlpGrpcPort() + "/", TraceServiceGrpc.TraceServiceBlockingStub.class);
        byte[] traceId = java.util.HexFormat.of().parseHex("00000000000000000000000000b16b16");
        long startNanos = System.currentTimeMillis() * 1_000_000L;
        int batch = 2_000;
        for (int from = 1; from <= BIG_TRACE_SPANS; from += batch) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            for (int id = from; id < from + batch && id <= BIG_TRACE_SPANS; id++) {
                Span.Builder span = Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(traceId))
                        .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array()))
                        .setName(id == 1 ? "batch-job" : "step-" + (id % 50))
                        .setStartTimeUnixNano(startNanos + id * 1_000L)
                        .setEndTimeUnixNano(startNanos + id * 1_000L + 500_000L);
                if (id > 1) {
                    span.setParentSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(1).array()));
                }
                scope.addSpans(span);
            }
            stub.export(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                            .setValue(AnyValue.newBuilder().setStringValue("batch"))))
                    .addScopeSpans(scope)).build());
        }
    }
}
