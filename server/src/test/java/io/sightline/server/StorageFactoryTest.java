package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.server.config.ConfigException;
import io.sightline.server.config.SightlineConfig;
import io.sightline.storage.opensearch.OpenSearchStorageOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageFactoryTest {
    @TempDir
    Path directory;

    @Test
    void openSearchOptions_takeJaegersEsVariables() throws Exception {
        Path passwordFile = Files.writeString(directory.resolve("password"), "s3cret\n");
        SightlineConfig config = SightlineConfig.resolve(Map.of(), Map.ofEntries(
                Map.entry("SPAN_STORAGE_TYPE", "elasticsearch"),
                Map.entry("ES_SERVER_URLS", "http://es-1:9200, https://es-2:9200"),
                Map.entry("ES_INDEX_PREFIX", "prod"),
                Map.entry("ES_NUM_SHARDS", "3"),
                Map.entry("ES_NUM_REPLICAS", "0"),
                Map.entry("ES_USERNAME", "jaeger"),
                Map.entry("ES_PASSWORD", "ignored"),
                Map.entry("ES_PASSWORD_FILE", passwordFile.toString()),
                Map.entry("ES_TAGS_AS_FIELDS_INCLUDE", "http.method, db.system"),
                Map.entry("ES_TAGS_AS_FIELDS_DOT_REPLACEMENT", "#"),
                Map.entry("ES_BULK_ACTIONS", "500")));

        OpenSearchStorageOptions options = StorageFactory.openSearchOptions(config).build();

        assertThat(options.serverUrls()).containsExactly(URI.create("http://es-1:9200"), URI.create("https://es-2:9200"));
        assertThat(options.indexPrefix()).isEqualTo("prod");
        assertThat(options.shards()).isEqualTo(3);
        assertThat(options.replicas()).isZero();
        assertThat(options.username()).isEqualTo("jaeger");
        assertThat(options.password()).isEqualTo("s3cret");
        assertThat(options.tagsAsFieldsInclude()).isEqualTo(Set.of("http.method", "db.system"));
        assertThat(options.tagsAsFieldsDotReplacement()).isEqualTo("#");
        assertThat(options.bulkMaxActions()).isEqualTo(500);
        assertThat(options.createTemplates()).isTrue();
    }

    @Test
    void openSearchOptions_rejectBadValuesNamingThem() {
        assertThatThrownBy(() -> StorageFactory.openSearchOptions(SightlineConfig.resolve(Map.of(),
                Map.of("ES_SERVER_URLS", "es-1:9200"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("es-1:9200");
        assertThatThrownBy(() -> StorageFactory.openSearchOptions(SightlineConfig.resolve(Map.of(),
                Map.of("ES_NUM_REPLICAS", "-1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SIGHTLINE_ES_NUM_REPLICAS: '-1' (expected: a whole number >= 0)");
        assertThatThrownBy(() -> StorageFactory.openSearchOptions(SightlineConfig.resolve(Map.of(),
                Map.of("ES_INDEX_PREFIX", "Prod"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("indexPrefix: Prod");
    }
}
