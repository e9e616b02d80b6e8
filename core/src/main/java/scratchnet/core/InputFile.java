package scratchnet.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one check before a local input file is opened: it exists and is a regular file. A directory,
 * FIFO or device is named as such and never read, so a FIFO cannot make a command wait forever.
 */
public final class InputFile {

    private InputFile() {
    }

    /**
     * @param file a local path to read
     * @return its length in bytes
     * @throws BadInputException "no such file" only when nothing is there; otherwise what is there
     *                           instead of a regular file, or why it cannot be read
     */
    public static long requireRegular(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (attrs.isDirectory()) {
            throw new BadInputException(file + ": is a directory, not a file");
        }
        if (!attrs.isRegularFile()) {
            throw new BadInputException(file + ": is not a regular file (a FIFO, socket or device is never read)");
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException(file + ": cannot read: permission denied");
        }
        return attrs.size();
    }

}
