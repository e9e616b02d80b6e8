package scratchnet.core.io;

import java.io.IOException;
import java.io.OutputStream;

/** Produces a file's whole content into a stream that the caller opens and closes. */
@FunctionalInterface
public interface ContentWriter {
    /** Writes the whole content. */
    void write(OutputStream out) throws IOException;
}
