package scratchnet.jobs.training.sync;

import java.io.IOException;
import java.io.Serializable;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

import scratchnet.jobs.spark.ScratchnetSettings;

/**
 * The ports a round's hub and tasks listen on: {@code spark.scratchnet.train.exchangePorts}, a
 * range such as {@code 40000-40100} (or one port), so that an operator can open just those; by
 * default any port the system gives. Each listener takes the first free port of the range.
 */
final class ExchangePorts implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int first;
    private final int last;

    private ExchangePorts(int first, int last) {
        this.first = first;
        this.last = last;
    }

    /**
     * @param text {@code null} or empty (any port), {@code N} or {@code A-B}
     * @throws scratchnet.core.BadInputException naming the setting, for anything else
     */
    static ExchangePorts parse(String text) {
        int[] range = ScratchnetSettings.portRange(text);
        return new ExchangePorts(range[0], range[1]);
    }

    /** @return a listening socket on {@code host}, on the first free port of the range */
    ServerSocketChannel bind(InetAddress host, int backlog) throws IOException {
        if (first == 0) {
            return ServerSocketChannel.open().bind(new InetSocketAddress(host, 0), backlog);
        }
        for (int port = first; port <= last; port++) {
            ServerSocketChannel c = ServerSocketChannel.open();
            try {
                return c.bind(new InetSocketAddress(host, port), backlog);
            } catch (BindException e) {
                c.close();
            }
        }
        throw new BindException("no free port in " + ScratchnetSettings.TRAIN_EXCHANGE_PORTS.key() + "=" + first + "-" + last + " on " + host.getHostAddress());
    }

    @Override
    public String toString() {
        return first == 0 ? "any port" : first + "-" + last;
    }
}
