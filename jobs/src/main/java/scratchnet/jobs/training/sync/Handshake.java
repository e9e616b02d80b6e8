package scratchnet.jobs.training.sync;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The first bytes of every connection of a synchronous round, to the driver's {@link RoundHub} or
 * from task to task ({@link PeerExchange}): a mutual HMAC-SHA256 challenge–response over the
 * round's {@link RoundKey}, so that nothing either side sends after it is read before both have
 * proved they hold the key. Each side draws a fresh nonce; each proof binds the round's name, both
 * nonces, the connecting task's stage attempt and partition, the partition it connects to (the hub
 * is {@link #HUB}) and whether the round encrypts, under a label of its own for each direction, so
 * that a proof recorded on another connection, in another round or run, or sent back to its maker
 * proves nothing.
 *
 * <pre>
 * client → server  "SNX1", client nonce (16), attempt (int), partition (int), encrypt (byte)
 * server → client  server nonce (16), the server's partition (int), server proof (32)
 * client → server  client proof (32)
 * server → client  1 (peers only: the server took the connection)
 * </pre>
 *
 * When the round encrypts, each connection's {@link SessionCipher} has a key per direction derived
 * from the round's key and both nonces.
 */
final class Handshake {
    /** The partition that names the driver's hub. */
    static final int HUB = -1;
    private static final byte[] MAGIC = {'S', 'N', 'X', '1'};
    private static final int NONCE = 16;
    private static final int PROOF = 32;

    private Handshake() {
    }

    /** The other side answered but did not prove it holds the round's key: trying again would not help. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Waits a little before a connection is tried again. */
    static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting");
        }
    }

    /**
     * An authenticated connection.
     *
     * @param socket    the connection
     * @param attempt   the connecting task's stage attempt
     * @param partition the other side's partition ({@link #HUB} for the hub)
     * @param cipher    the connection's encryption, or {@code null} when the round sends plain text
     */
    record Session(Socket socket, int attempt, int partition, SessionCipher cipher) {

        /** Sends one message, sealed when the round encrypts. */
        void writeFrame(byte[] payload) throws IOException {
            byte[] bytes = cipher == null ? payload : cipher.seal(payload);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
        }

        /** @return the next message, opened when the round encrypts; refused above {@code max} bytes */
        byte[] readFrame(int max) throws IOException {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            if (length < 0 || length > max + SessionCipher.OVERHEAD) {
                throw new IOException("a message of " + length + " bytes, where at most " + max + " are expected");
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return cipher == null ? bytes : cipher.open(bytes);
        }
    }

    /**
     * The connecting side: names itself, checks the server's proof, proves itself.
     *
     * @param server    the partition it connects to ({@link #HUB} for the hub)
     * @param awaitTake whether the server confirms that it took the connection (peers)
     * @throws IOException when the server does not prove it holds the round's key, or the connection fails
     */
    static Session client(Socket socket, RoundKey key, boolean encrypt, int attempt, int partition, int server, boolean awaitTake)
            throws IOException {
        byte[] clientNonce = RoundKey.nonce(NONCE);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.write(MAGIC);
        out.write(clientNonce);
        out.writeInt(attempt);
        out.writeInt(partition);
        out.writeBoolean(encrypt);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] serverNonce = new byte[NONCE];
        in.readFully(serverNonce);
        int named = in.readInt();
        byte[] serverProof = new byte[PROOF];
        in.readFully(serverProof);
        byte[] ids = ids(attempt, partition, named, encrypt);
        if (named != server || !MessageDigest.isEqual(serverProof, key.mac("server proof", clientNonce, serverNonce, ids))) {
            throw new Refused("the other side of " + socket.getRemoteSocketAddress() + " did not prove it belongs to round " + key.round()
                    + (server == HUB ? " as its hub" : " as its task " + server));
        }
        out.write(key.mac("client proof", clientNonce, serverNonce, ids));
        out.flush();
        if (awaitTake && in.read() != 1) {
            throw new IOException("task " + server + " did not take the connection");
        }
        return new Session(socket, attempt, server, cipher(key, encrypt, clientNonce, serverNonce, ids, true));
    }

    /**
     * The listening side: reads who connects, proves itself, checks the proof.
     *
     * @param self this side's partition ({@link #HUB} for the hub)
     * @return the authenticated connection, naming the client's attempt and partition
     * @throws IOException when the client does not prove it holds the round's key, or sends anything else
     */
    static Session server(Socket socket, RoundKey key, boolean encrypt, int self) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not the round's protocol");
        }
        byte[] clientNonce = new byte[NONCE];
        in.readFully(clientNonce);
        int attempt = in.readInt();
        int partition = in.readInt();
        boolean clientEncrypts = in.readBoolean();
        if (clientEncrypts != encrypt) {
            throw new IOException("a client that " + (clientEncrypts ? "encrypts" : "does not encrypt") + " in a round that "
                    + (encrypt ? "does" : "does not"));
        }
        byte[] serverNonce = RoundKey.nonce(NONCE);
        byte[] ids = ids(attempt, partition, self, encrypt);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.write(serverNonce);
        out.writeInt(self);
        out.write(key.mac("server proof", clientNonce, serverNonce, ids));
        out.flush();
        byte[] clientProof = new byte[PROOF];
        in.readFully(clientProof);
        if (!MessageDigest.isEqual(clientProof, key.mac("client proof", clientNonce, serverNonce, ids))) {
            throw new IOException("a client at " + socket.getRemoteSocketAddress() + " did not prove it belongs to round " + key.round());
        }
        return new Session(socket, attempt, partition, cipher(key, encrypt, clientNonce, serverNonce, ids, false));
    }

    /** Tells a connecting task that its connection was taken (a peer's last byte of the handshake). */
    static void take(Session session) throws IOException {
        session.socket().getOutputStream().write(1);
        session.socket().getOutputStream().flush();
    }

    private static byte[] ids(int attempt, int partition, int server, boolean encrypt) {
        return ByteBuffer.allocate(3 * Integer.BYTES + 1).putInt(attempt).putInt(partition).putInt(server).put((byte) (encrypt ? 1 : 0)).array();
    }

    private static SessionCipher cipher(RoundKey key, boolean encrypt, byte[] clientNonce, byte[] serverNonce, byte[] ids, boolean client) {
        if (!encrypt) {
            return null;
        }
        byte[] up = key.mac("client to server", clientNonce, serverNonce, ids);
        byte[] down = key.mac("server to client", clientNonce, serverNonce, ids);
        return client ? new SessionCipher(up, down) : new SessionCipher(down, up);
    }
}
