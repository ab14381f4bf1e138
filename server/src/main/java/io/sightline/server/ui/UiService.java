package io.sightline.server.ui;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;

/**
 * Serves the web UI under the query base path: {@code {base}/static/*} from the UI module's
 * files, and {@code index.html} for every other GET that is not an API call (the UI's own routes
 * such as {@code /search} and {@code /trace/{id}}), with {@code <base href>} rewritten to the
 * base path and the UI configuration injected, as Jaeger's query server does.
 */
public final class UiService {
    private static final String ROOT = "io/sightline/ui";

    private final String indexHtml;

    /**
     * @param basePath {@code /} or a prefix such as {@code /jaeger}
     * @param configJson the UI configuration, a JSON object
     */
    public UiService(String basePath, String configJson) {
        Objects.requireNonNull(basePath, "basePath");
        String base = basePath.equals("/") ? "/" : basePath + "/";
        this.indexHtml = readIndex()
                .replace("<base href=\"/\">", "<base href=\"" + base + "\">")
                .replaceFirst("DEFAULT_CONFIG;", Matcher.quoteReplacement(Objects.requireNonNull(configJson, "configJson") + ";"));
    }

    private static String readIndex() {
        try (InputStream in = UiService.class.getClassLoader().getResourceAsStream(ROOT + "/index.html")) {
            if (in == null) {
                throw new IllegalStateException("the UI's index.html is not on the classpath (is sightline-ui a dependency?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binds the static files and the page fallback under {@code prefix} (empty for the root). */
    public void bindTo(ServerBuilder sb, String prefix) {
        sb.serviceUnder(prefix + "/static/", FileService.builder(UiService.class.getClassLoader(), ROOT + "/static")
                .serveCompressedFiles(false)
                .autoIndex(false)
                .build());
        sb.serviceUnder(prefix.isEmpty() ? "/" : prefix + "/", (ctx, req) -> {
            if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
                return HttpResponse.of(HttpStatus.METHOD_NOT_ALLOWED);
            }
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                    .contentType(MediaType.HTML_UTF_8)
                    .set("cache-control", "no-cache")
                    .build(), com.linecorp.armeria.common.HttpData.ofUtf8(indexHtml));
        });
        if (!prefix.isEmpty()) {
            sb.service(prefix, (ctx, req) -> HttpResponse.ofRedirect(prefix + "/"));
        }
    }
}
