package io.sightline.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.server.config.ConfigException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsOptionsTest {

    @Test
    void defaults_offerTls12And13_withTheEnginesSuites() {
        SightlineConfig config = SightlineConfig.defaults();

        assertThat(TlsOptions.protocols(config, Setting.QUERY_GRPC_TLS_MIN_VERSION, Setting.QUERY_GRPC_TLS_MAX_VERSION))
                .containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(TlsOptions.cipherSuites(config, Setting.QUERY_GRPC_TLS_CIPHER_SUITES)).isEmpty();
    }

    @Test
    void jaegerAliases_setTheVersionsAndSuitesOfTheirListener() {
        SightlineConfig config = SightlineConfig.resolve(Map.of(), Map.of(
                "COLLECTOR_OTLP_GRPC_TLS_MIN_VERSION", "1.3",
                "QUERY_HTTP_TLS_MAX_VERSION", "1.2",
                "ADMIN_HTTP_TLS_CIPHER_SUITES", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));

        assertThat(TlsOptions.protocols(config, Setting.OTLP_GRPC_TLS_MIN_VERSION, Setting.OTLP_GRPC_TLS_MAX_VERSION))
                .containsExactly("TLSv1.3");
        assertThat(TlsOptions.protocols(config, Setting.QUERY_HTTP_TLS_MIN_VERSION, Setting.QUERY_HTTP_TLS_MAX_VERSION))
                .containsExactly("TLSv1.2");
        assertThat(TlsOptions.cipherSuites(config, Setting.ADMIN_TLS_CIPHER_SUITES))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void badValues_nameTheSetting() {
        SightlineConfig config = SightlineConfig.defaults();

        assertThatThrownBy(() -> TlsOptions.protocols(config.with(Setting.ZIPKIN_TLS_MAX_VERSION, "TLSv1.3"),
                Setting.ZIPKIN_TLS_MIN_VERSION, Setting.ZIPKIN_TLS_MAX_VERSION))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SIGHTLINE_ZIPKIN_TLS_MAX_VERSION: unsupported TLS version 'TLSv1.3' "
                        + "(expected: 1.2 or 1.3; TLS 1.0 and 1.1 are not offered)");
        assertThatThrownBy(() -> TlsOptions.cipherSuites(config.with(Setting.ZIPKIN_TLS_CIPHER_SUITES,
                "TLS_AES_128_GCM_SHA256"), Setting.ZIPKIN_TLS_CIPHER_SUITES))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIGHTLINE_ZIPKIN_TLS_CIPHER_SUITES: TLS_AES_128_GCM_SHA256 is a TLS 1.3 suite");
        assertThatThrownBy(() -> TlsOptions.cipherSuites(config.with(Setting.ZIPKIN_TLS_CIPHER_SUITES,
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,,"), Setting.ZIPKIN_TLS_CIPHER_SUITES))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("empty cipher suite name");
    }
}
