package scratchnet.jobs.training.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM over one authenticated connection, with the JDK's cipher: a key per direction, derived
 * from the round's key and both sides' nonces of the connection's handshake ({@link Handshake}),
 * and a message counter as each message's nonce, so that no nonce repeats under a key and a message
 * dropped, replayed, reordered or changed on the way fails to open.
 */
final class SessionCipher {
    /** The bytes sealing adds to a message: GCM's tag. */
    static final int OVERHEAD = 16;
    private static final int TAG_BITS = 8 * OVERHEAD;

    private final SecretKeySpec sendKey;
    private final SecretKeySpec receiveKey;
    private final Cipher sealer;
    private final Cipher opener;
    private long sent;
    private long received;

    /** @param sendKey, receiveKey 16 bytes or more each; the first 16 are used (AES-128) */
    SessionCipher(byte[] sendKey, byte[] receiveKey) {
        this.sendKey = new SecretKeySpec(sendKey, 0, 16, "AES");
        this.receiveKey = new SecretKeySpec(receiveKey, 0, 16, "AES");
        try {
            this.sealer = Cipher.getInstance("AES/GCM/NoPadding");
            this.opener = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    }

    private static GCMParameterSpec nonce(long counter) {
        byte[] iv = new byte[12];
        ByteBuffer.wrap(iv).putLong(counter);
        return new GCMParameterSpec(TAG_BITS, iv);
    }

    /** Seals {@code plain} (position to limit) into {@code out} from its position; {@code out} needs {@link #OVERHEAD} bytes more. */
    void seal(ByteBuffer plain, ByteBuffer out) {
        try {
            sealer.init(Cipher.ENCRYPT_MODE, sendKey, nonce(sent++));
            sealer.doFinal(plain, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM failed to seal a message", e);
        }
    }

    /**
     * Opens the next message from its peer.
     *
     * @throws IOException when it was not sealed by the peer as its next message
     */
    void open(ByteBuffer sealed, ByteBuffer out) throws IOException {
        try {
            opener.init(Cipher.DECRYPT_MODE, receiveKey, nonce(received++));
            opener.doFinal(sealed, out);
        } catch (AEADBadTagException e) {
            throw new IOException("a message failed its authentication tag: not sealed by the round's task for this place in the stream");
        } catch (GeneralSecurityException e) {
            throw new IOException("AES/GCM failed to open a message: " + e.getMessage(), e);
        }
    }

    /** @return the bytes sealed */
    byte[] seal(byte[] plain) {
        ByteBuffer out = ByteBuffer.allocate(plain.length + OVERHEAD);
        seal(ByteBuffer.wrap(plain), out);
        return out.array();
    }

    /** @return the bytes opened */
    byte[] open(byte[] sealed) throws IOException {
        if (sealed.length < OVERHEAD) {
            throw new IOException("a sealed message of " + sealed.length + " bytes, shorter than its tag");
        }
        ByteBuffer out = ByteBuffer.allocate(sealed.length - OVERHEAD);
        open(ByteBuffer.wrap(sealed), out);
        return Arrays.copyOf(out.array(), out.position());
    }
}
