package scratchnet.jobs.training.sync;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret of one synchronous round: 32 random bytes drawn on the driver for the round alone,
 * with the round's name (application, run, round). It reaches the tasks only inside their closure,
 * through Spark's own channel (which {@code spark.authenticate} and
 * {@code spark.network.crypto.enabled} protect), and every connection of the round proves it holds
 * it ({@link Handshake}); a key of another round, run or application proves nothing here.
 * Never printed: {@link #toString} names the round only.
 */
final class RoundKey implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final String round;

    private RoundKey(byte[] secret, String round) {
        this.secret = secret;
        this.round = round;
    }

    /**
     * @param application Spark's application id
     * @param run         the run's random id
     * @param round       the round's number in the run
     * @return a fresh key for that round
     */
    static RoundKey fresh(String application, String run, long round) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new RoundKey(secret, application + "/" + run + "/" + round);
    }

    /** @return a run's random id, for {@link #fresh} */
    static String newRunId() {
        return Long.toHexString(RANDOM.nextLong());
    }

    /** @return {@code n} random bytes (a handshake's nonce) */
    static byte[] nonce(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** @return the round's name: application, run and round number */
    String round() {
        return round;
    }

    /**
     * @param label what the code is for, so that a code made for one purpose never serves another
     * @param parts the bytes it binds, each length-prefixed so that no two lists give the same input
     * @return HMAC-SHA256 under this key of the label, the round's name and the parts
     */
    byte[] mac(String label, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            update(mac, label.getBytes(StandardCharsets.UTF_8));
            update(mac, round.getBytes(StandardCharsets.UTF_8));
            for (byte[] p : parts) {
                update(mac, p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static void update(Mac mac, byte[] part) {
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
        mac.update(part);
    }

    @Override
    public String toString() {
        return "RoundKey[" + round + "]";
    }
}
