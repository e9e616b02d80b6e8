package scratchnet.ml;

import org.apache.spark.ml.util.Identifiable;

/**
 * A stage's uid before its fields exist: spark.ml's shared params ({@code featuresCol}, …) are made
 * by the Scala super constructor, and each asks its owner for its uid then, before a Java
 * constructor can have stored it. A constructor names its uid in the arguments of {@code this(…)}
 * ({@link #pending}, evaluated before the super constructor runs), and the stage's {@code uid()}
 * takes it on its first call ({@link #take}).
 */
final class Uid {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private Uid() {
    }

    /**
     * @param uid    the uid given, or {@code null} for a new random one
     * @param prefix the random uid's prefix
     * @return nothing: a marker argument for the private constructor
     */
    static Void pending(String uid, String prefix) {
        PENDING.set(uid != null ? uid : Identifiable.randomUID(prefix));
        return null;
    }

    /** @return the uid named by the constructor being run on this thread */
    static String take() {
        String uid = PENDING.get();
        if (uid == null) {
            throw new IllegalStateException("no uid pending: a stage is built through its constructors only");
        }
        PENDING.remove();
        return uid;
    }
}
