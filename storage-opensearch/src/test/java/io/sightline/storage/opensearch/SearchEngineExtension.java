package io.sightline.storage.opensearch;

import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts an engine once for the whole test run (it lives in the root context's store, which closes
 * it when the run ends) and hands it to every test class that registers this extension. Shared
 * with other modules' tests through this module's test jar; they need the engine's unpacked
 * distribution and its system property ({@code opensearch.home}) as this module's pom sets them.
 */
public final class SearchEngineExtension implements BeforeAllCallback {
    private final SearchEngine.Kind kind;
    private volatile SearchEngine engine;

    private SearchEngineExtension(SearchEngine.Kind kind) {
        this.kind = kind;
    }

    public static SearchEngineExtension opensearch() {
        return new SearchEngineExtension(SearchEngine.Kind.OPENSEARCH);
    }

    public static SearchEngineExtension elasticsearch() {
        return new SearchEngineExtension(SearchEngine.Kind.ELASTICSEARCH);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        engine = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(
                SearchEngine.class.getName() + "/" + kind, key -> {
                    try {
                        return SearchEngine.start(kind);
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }, SearchEngine.class);
    }

    public URI url() {
        return engine.url();
    }

    SearchEngine.Kind kind() {
        return kind;
    }
}
