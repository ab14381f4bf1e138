package io.sightline.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeValueTest {

    @Test
    void asString_formatsEachTypeAsTagSearchComparesIt() {
        assertThat(AttributeValue.of(true).asString()).isEqualTo("true");
        assertThat(AttributeValue.of(-42L).asString()).isEqualTo("-42");
        assertThat(AttributeValue.of(72.5).asString()).isEqualTo("72.5");
        assertThat(AttributeValue.of(1.0 / 3).asString()).isEqualTo("0.3333333333");
        assertThat(AttributeValue.of(1e25).asString()).isEqualTo("1e+25");
        assertThat(AttributeValue.of(new byte[] {1, 2, (byte) 0xff}).asString()).isEqualTo("0102ff");
    }

    @Test
    void asString_rendersArraysAndMapsAsJson() {
        AttributeValue array = new AttributeValue.ArrayValue(
                List.of(AttributeValue.of("a\"b"), AttributeValue.of(1L), AttributeValue.of(false)));
        assertThat(array.asString()).isEqualTo("[\"a\\\"b\",1,false]");
        AttributeValue map = new AttributeValue.MapValue(
                List.of(Attribute.of("k", "v"), new Attribute("n", array)));
        assertThat(map.asString()).isEqualTo("{\"k\":\"v\",\"n\":[\"a\\\"b\",1,false]}");
    }

    @Test
    void bytesValue_equalityIsByContent() {
        assertThat(AttributeValue.of(new byte[] {1, 2})).isEqualTo(AttributeValue.of(new byte[] {1, 2}));
    }
}
