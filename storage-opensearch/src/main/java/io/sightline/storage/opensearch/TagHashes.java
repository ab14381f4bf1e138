package io.sightline.storage.opensearch;

import io.sightline.core.model.HexIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * One keyword per searchable (key, value) pair of a span: Jaeger's {@code tags.value} keywords stop
 * at 256 characters ({@code ignore_above}), so a search for a longer value, or a long key, could
 * never match them. The hash is 128 bits of SHA-256 over the length-prefixed key and the value.
 */
final class TagHashes {
    private TagHashes() {}

    static String of(String key, String value) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        sha256.update(Integer.toString(keyBytes.length).getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) ':');
        sha256.update(keyBytes);
        sha256.update(value.getBytes(StandardCharsets.UTF_8));
        return HexIds.toHex(Arrays.copyOf(sha256.digest(), 16));
    }
}
