package io.sightline.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sightline.core.model.Trace;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Test helpers: render with the writer, and strip layout from expected JSON written by hand. */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    static String trace(Trace trace) {
        return render(g -> JaegerJsonWriter.writeTrace(g, trace));
    }

    static String render(JsonResponses.JsonBody body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Removes whitespace outside string literals, so expectations can be laid out readably. */
    static String compact(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
                inString = c == '"';
            }
        }
        return out.toString();
    }
}
