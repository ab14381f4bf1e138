package io.sightline.storage.rocksdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The files of a store and their contents' digests, to prove a failed open changed nothing. */
final class DirectoryContents {
    private DirectoryContents() {}

    /** RocksDB's info log ({@code LOG*}) and {@code LOCK} are left out: every open attempt touches them. */
    static Map<String, String> of(Path directory) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.startsWith("LOG") && !name.equals("LOCK")) {
                    out.put(name, digest(Files.readAllBytes(file)));
                }
            }
        }
        return out;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
