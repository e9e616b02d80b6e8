package scratchnet.jobs.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON writer of every file the project writes (model cards, checkpoints, report runs):
 * a number that is NaN or infinite is written as {@code null}, never as {@code NaN},
 * {@code Infinity} or their strings, which no strict JSON reader takes. Every double and float
 * passes through the generator, so no writer can forget it.
 */
public final class ProjectJson {
    /** Indented, as the files are read by people too. */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .addDecorator((factory, generator) -> new FiniteNumbers(generator)).build())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ProjectJson() {
    }

    /** @return a value (a map, a record, a tree) as the project's JSON text, UTF-8, with a final newline */
    public static byte[] bytes(Object value) {
        try {
            return (MAPPER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** A generator that writes {@code null} for a number that is not finite. */
    private static final class FiniteNumbers extends JsonGeneratorDelegate {
        FiniteNumbers(JsonGenerator generator) {
            super(generator, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }

        /** The delegate would hand a whole array to the underlying generator, past the checks above. */
        @Override
        public void writeArray(double[] array, int offset, int length) throws IOException {
            writeStartArray(array, length);
            for (int i = offset; i < offset + length; i++) {
                writeNumber(array[i]);
            }
            writeEndArray();
        }
    }
}
