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
        server = AllInOneServer.start(TestServers.config(dir.resolve("data")).with(Setting.STORAGE, "memory")
                .with(Setting.SPM_RESOLUTION_MS, "1000"));
        // Spread over a few seconds, so that the Monitor tab's rates have several snapshots to span.
        try (TrafficGenerator generator = TrafficGenerator.builder()
                .endpoint("http://127.0.0.1:" + server.otlpGrpcPort()).seed(11).build()) {
            for (int round = 0; round < 4; round++) {
                GenerationReport report = generator.generate(4);
                assertThat(report.hasFailures()).isFalse();
                sleep(1_000);
            }
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
        screenshot("search");

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
        screenshot("trace");

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
        screenshot("dependencies");
    }

    @Test
    void compare_marksTheSpansOnlyInOneTraceAndTheChangedOnes() {
        sendCompareTraces();
        browser.get(base + "compare?a=000000000000000000000000000c0a0a&b=000000000000000000000000000c0b0b");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#compare-table tbody tr")));
        assertThat(browser.findElement(By.cssSelector("#compare-table tr[data-status='missing']")).getText())
                .contains("shop: load-cart");
        assertThat(browser.findElement(By.cssSelector("#compare-table tr[data-status='added']")).getText())
                .contains("shop: apply-coupon");
        assertThat(browser.findElement(By.cssSelector("#compare-table tr[data-status='changed']")).getText())
                .contains("shop: charge");
        assertThat(browser.findElements(By.cssSelector("#compare-table tr[data-status='same']"))).hasSize(1);
        screenshot("compare");
    }

    @Test
    void monitor_showsRedChartsAndTheOperationsOfAService() {
        browser.get(base + "monitor?service=frontend&lookback=900000");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#operations-table tbody tr")));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-calls circle.point")));
        assertThat(browser.findElements(By.cssSelector("#chart-latency circle.point[data-series='p95']"))).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("#chart-calls")).getText()).doesNotContain("no data");
        assertThat(browser.findElements(By.cssSelector("#operations-table tbody tr[data-operation]")))
                .extracting(row -> row.getAttribute("data-operation")).contains("HTTP GET /dispatch");
        WebElement slow = browser.findElement(By.cssSelector("#operations-table tbody tr a"));
        assertThat(slow.getAttribute("href")).contains("search?service=frontend").contains("minDuration=");
        screenshot("monitor");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void malformedSearchParameters_showTheServersMessage() {
        browser.get(base + "search?service=frontend&minDuration=fast&lookback=1h");
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#page .error")));
        assertThat(error.getText()).contains("minDuration");
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

    /** Saves the page as {@code docs/screenshots/<name>.png} when {@code -Dsightline.screenshots} is set. */
    static void screenshot(String name) {
        String dir = System.getProperty("sightline.screenshots");
        if (dir == null) {
            return;
        }
        try {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            java.nio.file.Files.createDirectories(Path.of(dir));
            java.nio.file.Files.write(Path.of(dir, name + ".png"), png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Two traces of one checkout: B lost load-cart, gained apply-coupon, and its charge took 5× longer. */
    private static void sendCompareTraces() {
        long startNanos = System.currentTimeMillis() * 1_000_000L;
        String[][] a = {{"1", "0", "checkout", "9000000"}, {"2", "1", "load-cart", "1000000"}, {"3", "1", "charge", "2000000"}};
        String[][] b = {{"1", "0", "checkout", "9000000"}, {"2", "1", "apply-coupon", "1000000"}, {"3", "1", "charge", "10000000"}};
        sendTrace("000000000000000000000000000c0a0a", a, startNanos);
        sendTrace("000000000000000000000000000c0b0b", b, startNanos);
    }

    private static void sendTrace(String traceHex, String[][] spans, long startNanos) {
        TraceServiceGrpc.TraceServiceBlockingStub stub = GrpcClients.newClient(
                "http://127.0.0.1:" + server.otlpGrpcPort() + "/", TraceServiceGrpc.TraceServiceBlockingStub.class);
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (String[] s : spans) {
            Span.Builder span = Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(java.util.HexFormat.of().parseHex(traceHex)))
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(Long.parseLong(s[0])).array()))
                    .setName(s[2]).setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + Long.parseLong(s[3]));
            if (!s[1].equals("0")) {
                span.setParentSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(Long.parseLong(s[1])).array()));
            }
            scope.addSpans(span);
        }
        stub.export(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("shop"))))
                .addScopeSpans(scope)).build());
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
