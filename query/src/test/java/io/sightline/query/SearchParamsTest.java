package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.QueryParams;
import io.sightline.core.model.TraceId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchParamsTest {
    private static final long NOW_MICROS = 1_700_000_000_000_000L;

    private static SearchParams parse(String query) {
        return SearchParams.parse(QueryParams.fromQueryString(query), NOW_MICROS);
    }

    private static void assertBadRequest(String query, String message) {
        assertThatThrownBy(() -> parse(query))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(400))
                .hasMessage(message);
    }

    @Test
    void defaults_last48HoursLimit100NoFilters() {
        SearchParams params = parse("service=frontend&lookback=custom");

        assertThat(params.service()).isEqualTo("frontend");
        assertThat(params.operation()).isEmpty();
        assertThat(params.startMaxEpochMicros()).isEqualTo(NOW_MICROS);
        assertThat(params.startMinEpochMicros()).isEqualTo(NOW_MICROS - 172_800_000_000L);
        assertThat(params.limit()).isEqualTo(100);
        assertThat(params.minDurationNanos()).isZero();
        assertThat(params.maxDurationNanos()).isZero();
        assertThat(params.tags()).isEmpty();
        assertThat(params.traceIds()).isEmpty();
        assertThat(params.raw()).isFalse();
    }

    @Test
    void everyParameter_parsedInItsUnit() {
        SearchParams params = parse("service=s&operation=GET%20%2F&start=10&end=20&limit=7"
                + "&minDuration=1.5ms&maxDuration=1h30m&raw=true");

        assertThat(params.operation()).isEqualTo("GET /");
        assertThat(params.startMinEpochMicros()).isEqualTo(10);
        assertThat(params.startMaxEpochMicros()).isEqualTo(20);
        assertThat(params.limit()).isEqualTo(7);
        assertThat(params.minDurationNanos()).isEqualTo(1_500_000);
        assertThat(params.maxDurationNanos()).isEqualTo(5_400_000_000_000L);
        assertThat(params.raw()).isTrue();
    }

    @Test
    void emptyValues_meanDefaults() {
        SearchParams params = parse("service=s&start=&end=&limit=&minDuration=&maxDuration=&raw=");

        assertThat(params.limit()).isEqualTo(100);
        assertThat(params.startMaxEpochMicros()).isEqualTo(NOW_MICROS);
        assertThat(params.minDurationNanos()).isZero();
    }

    @Test
    void limitZero_meansTheDefault() {
        assertThat(parse("service=s&limit=0").limit()).isEqualTo(100);
    }

    @Test
    void tags_repeatedObjectsAndTagPairsMergeWithTheLastKeyWinning() {
        SearchParams params = parse("service=s&tag=http.url:http://x:80/a&tag=k:from-tag"
                + "&tags=%7B%22k%22%3A%22from-tags%22%2C%22error%22%3A%22true%22%7D"
                + "&tags=%7B%22error%22%3A%22false%22%7D");

        assertThat(params.tags()).containsExactly(
                Map.entry("http.url", "http://x:80/a"),
                Map.entry("k", "from-tags"),
                Map.entry("error", "false"));
    }

    @Test
    void tag_emptyValueAfterColonIsKept() {
        assertThat(parse("service=s&tag=k:").tags()).containsExactly(Map.entry("k", ""));
    }

    @Test
    void traceId_repeatableNormalisedDeduplicatedAndServiceNoLongerRequired() {
        SearchParams params = parse("traceID=1ABC&traceID=0000000000001abc&traceID=4bf92f3577b34da6a3ce929d0e0e4736");

        assertThat(params.traceIds()).containsExactly(
                TraceId.of(0, 0x1abc), TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(params.service()).isEmpty();
    }

    @Test
    void missingService_is400() {
        assertBadRequest("", "parameter 'service' is required");
        assertBadRequest("service=&operation=x", "parameter 'service' is required");
    }

    @Test
    void badStartOrEnd_is400WithStrconvMessage() {
        assertBadRequest("service=s&start=abc",
                "unable to parse param 'start': strconv.ParseInt: parsing \"abc\": invalid syntax");
        assertBadRequest("service=s&end=1.5",
                "unable to parse param 'end': strconv.ParseInt: parsing \"1.5\": invalid syntax");
        assertBadRequest("service=s&end=99999999999999999999",
                "unable to parse param 'end': strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
    }

    @Test
    void badLimit_is400WithTheRawStrconvMessage() {
        assertBadRequest("service=s&limit=ten", "strconv.ParseInt: parsing \"ten\": invalid syntax");
        assertBadRequest("service=s&limit=3000000000", "strconv.ParseInt: parsing \"3000000000\": value out of range");
        assertBadRequest("service=s&limit=-1", "parameter 'limit' must not be negative: -1");
    }

    @Test
    void badDurations_are400() {
        assertBadRequest("service=s&minDuration=10",
                "cannot parse minDuration: time: missing unit in duration \"10\"");
        assertBadRequest("service=s&maxDuration=1d",
                "cannot parse maxDuration: time: unknown unit \"d\" in duration \"1d\"");
        assertBadRequest("service=s&minDuration=-1s", "parameter 'minDuration' must not be negative: -1s");
        assertBadRequest("service=s&minDuration=2s&maxDuration=1s",
                "'maxDuration' should be greater than 'minDuration'");
    }

    @Test
    void badTags_are400() {
        assertBadRequest("service=s&tag=nocolon",
                "malformed 'tag' parameter, expecting key:value, received: nocolon");
        assertBadRequest("service=s&tags=%7B%22a%22%3A1%7D",
                "malformed 'tags' parameter, cannot unmarshal JSON: json: cannot unmarshal number into Go value of type string");
        assertBadRequest("service=s&tags=%5B%5D",
                "malformed 'tags' parameter, cannot unmarshal JSON: json: cannot unmarshal array into Go value of type map[string]string");
        assertThatThrownBy(() -> parse("service=s&tags=%7Bnope"))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("malformed 'tags' parameter, cannot unmarshal JSON: ");
        assertBadRequest("service=s&tags=%7B%7D%7B%7D",
                "malformed 'tags' parameter, cannot unmarshal JSON: invalid character after top-level value");
    }

    @Test
    void badTraceIdOrRaw_is400() {
        assertBadRequest("traceID=xyz", "cannot parse traceID param: TraceID is not a hex string: xyz");
        assertBadRequest("service=s&raw=yes",
                "unable to parse param 'raw': strconv.ParseBool: parsing \"yes\": invalid syntax");
    }

    @Test
    void otherParameters_areStillCheckedInTraceIdMode() {
        assertBadRequest("traceID=1&limit=x", "strconv.ParseInt: parsing \"x\": invalid syntax");
    }

    @Test
    void firstBadParameter_isTheOneReportedInJaegersOrder() {
        assertBadRequest("start=x&limit=y", "unable to parse param 'start': strconv.ParseInt: parsing \"x\": invalid syntax");
        assertBadRequest("limit=y&minDuration=z", "strconv.ParseInt: parsing \"y\": invalid syntax");
    }

    @Test
    void nullTagValue_isTheEmptyStringAsInGo() {
        assertThat(parse("service=s&tags=%7B%22a%22%3Anull%7D").tags()).isEqualTo(Map.of("a", ""));
        assertThat(parse("service=s&tags=null").tags()).isEqualTo(Map.of());
        assertThat(List.copyOf(parse("service=s&tags=%7B%7D").tags().keySet())).isEmpty();
    }
}
