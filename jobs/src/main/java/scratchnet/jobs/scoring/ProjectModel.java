package scratchnet.jobs.scoring;

import java.io.IOException;
import java.io.InputStream;

import scratchnet.core.BadInputException;

/**
 * The project's own model: a 784-50-100-10 sigmoid network trained with {@code train} (its
 * provenance in {@code model.json} beside it), shipped in the application jar as
 * {@code scratchnet/model/weights.npz}, the default weights of {@code evaluate} and {@code gradcheck}.
 */
public final class ProjectModel {
    /** The resource of the weights. */
    public static final String WEIGHTS = "scratchnet/model/weights.npz";
    /** The resource of the provenance. */
    static final String CARD = "scratchnet/model/model.json";
    /** How messages name it. */
    public static final String NAME = "the project's model (" + WEIGHTS + " in the application jar)";

    private ProjectModel() {
    }

    /** @return the bytes of {@code weights.npz} */
    public static byte[] weights() {
        return resource(WEIGHTS);
    }

    /** @return the bytes of {@code model.json} */
    static byte[] card() {
        return resource(CARD);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ProjectModel.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new BadInputException(name + ": not in this build's classpath; give --weights FILE");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read: " + e.getMessage(), e);
        }
    }
}
