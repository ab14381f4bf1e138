package io.sightline.core.model;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/** A typed attribute value: every type OTLP's {@code AnyValue} can hold. */
public sealed interface AttributeValue {

    AttributeType type();

    /**
     * The value's string form, as tag search compares it: booleans as {@code true}/{@code false},
     * integers in decimal, floats with 10 significant digits, binary as lower-case hex, arrays
     * and maps as JSON.
     */
    String asString();

    static AttributeValue of(String value) {
        return new StringValue(value);
    }

    static AttributeValue of(boolean value) {
        return value ? BoolValue.TRUE : BoolValue.FALSE;
    }

    static AttributeValue of(long value) {
        return new LongValue(value);
    }

    static AttributeValue of(double value) {
        return new DoubleValue(value);
    }

    static AttributeValue of(byte[] value) {
        return new BytesValue(value);
    }

    record StringValue(String value) implements AttributeValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public AttributeType type() {
            return AttributeType.STRING;
        }

        @Override
        public String asString() {
            return value;
        }
    }

    record BoolValue(boolean value) implements AttributeValue {
        static final BoolValue TRUE = new BoolValue(true);
        static final BoolValue FALSE = new BoolValue(false);

        @Override
        public AttributeType type() {
            return AttributeType.BOOL;
        }

        @Override
        public String asString() {
            return Boolean.toString(value);
        }
    }

    record LongValue(long value) implements AttributeValue {
        @Override
        public AttributeType type() {
            return AttributeType.INT64;
        }

        @Override
        public String asString() {
            return Long.toString(value);
        }
    }

    record DoubleValue(double value) implements AttributeValue {
        @Override
        public AttributeType type() {
            return AttributeType.FLOAT64;
        }

        @Override
        public String asString() {
            return FloatFormat.tenSignificantDigits(value);
        }
    }

    /** Binary value; the array is owned by this value and must not be changed. */
    record BytesValue(byte[] value) implements AttributeValue {
        public BytesValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public AttributeType type() {
            return AttributeType.BINARY;
        }

        @Override
        public String asString() {
            return HexIds.toHex(value);
        }

        public String base64() {
            return Base64.getEncoder().encodeToString(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesValue that && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "BytesValue[" + HexIds.toHex(value) + "]";
        }
    }

    record ArrayValue(List<AttributeValue> values) implements AttributeValue {
        public ArrayValue {
            values = List.copyOf(values);
        }

        @Override
        public AttributeType type() {
            return AttributeType.ARRAY;
        }

        @Override
        public String asString() {
            return AnyValueJson.render(this);
        }
    }

    record MapValue(List<Attribute> entries) implements AttributeValue {
        public MapValue {
            entries = List.copyOf(entries);
        }

        @Override
        public AttributeType type() {
            return AttributeType.MAP;
        }

        @Override
        public String asString() {
            return AnyValueJson.render(this);
        }
    }

    /** OTLP AnyValue with no value set; rendered as the empty string. */
    enum Empty implements AttributeValue {
        INSTANCE;

        @Override
        public AttributeType type() {
            return AttributeType.EMPTY;
        }

        @Override
        public String asString() {
            return "";
        }
    }
}
