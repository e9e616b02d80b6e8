package scratchnet.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP peer on 127.0.0.1 that answers every request with its status line and headers, then
 * part of the body it announced, and then stalls (keeps the connection open, sends nothing more)
 * until it is closed: the slow peer a whole-request deadline must not wait for.
 */
public final class StallingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<Socket> connections = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    /**
     * @param announced the Content-Length it announces
     * @param sent      the body bytes it sends before it stalls
     */
    public StallingServer(long announced, int sent) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> serve(announced, sent), "stalling-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return {@code http://127.0.0.1:PORT/} */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    /** @return each request's head (request line and headers), as received */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private void serve(long announced, int sent) {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                synchronized (this) {
                    connections.add(s);
                }
                requests.add(readHead(s.getInputStream()));
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + announced + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[sent]);
                out.flush();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    @Override
    public synchronized void close() throws IOException {
        socket.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
