package scratchnet.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;

/**
 * The gateway's URL, checked before a run: its user-info becomes HTTP Basic authentication and is
 * never shown; what a gateway answers is quoted escaped. (A gateway that stalls: {@code HostileIT}.)
 */
class MetricsPushTest {
    private HttpServer gateway;
    private final List<String> authorizations = new ArrayList<>();
    private byte[] answer = new byte[0];
    private int status = 200;

    @BeforeEach
    void start() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            synchronized (authorizations) {
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    private String url(String userInfo) {
        return "http://" + userInfo + "127.0.0.1:" + gateway.getAddress().getPort();
    }

    @Test
    void aUsersPasswordIsSentAsBasicAuthenticationAndNeverShown() throws Exception {
        MetricsPush.Gateway g = MetricsPush.Gateway.parse(url("ops:s3cr%40t+1@"));
        assertEquals(url(""), g.toString());
        MetricsPush.push(g, "r1", "scratchnet_accuracy 0.9\n");
        assertEquals(List.of("Basic " + Base64.getEncoder().encodeToString("ops:s3cr@t+1".getBytes(StandardCharsets.UTF_8))), authorizations);

        MetricsPush.push(MetricsPush.Gateway.parse(url("")), "r2", "scratchnet_accuracy 0.9\n");
        assertNull(authorizations.get(1), "no credentials, no header");
    }

    @Test
    void aGatewaysAnswerIsQuotedWithItsTerminalEscapesEscaped() {
        status = 500;
        answer = "\u001b[2J\u001b]0;pwned\u0007boom\nsecond line".getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> MetricsPush.push(MetricsPush.Gateway.parse(url("u:p@")), "r", "x 1\n"));
        assertEquals(url("") + "/metrics/job/scratchnet_evaluate/run_id/r answered 500: \\x1b[2J\\x1b]0;pwned\\x07boom", e.getMessage());
    }

    @Test
    void aUrlThatIsNoGatewaysIsRefusedWithoutItsPassword() {
        for (String[] bad : new String[][] {
            {"htp:/x y", "htp:/x y: not a URL: Illegal character in path at index 6"},
            {"ftp://u:pw@host/", "ftp://host/: not a gateway URL (http://HOST:PORT or https://HOST:PORT)"},
            {"http://u:pw@host:9091/?a=b", "http://host:9091/?a=b: a gateway URL has no query or fragment"},
            {"http://u:p w@host/", "http://host/: not a URL: Illegal character in authority at index 7"},
            {"localhost:9091", "localhost:9091: not a gateway URL (http://HOST:PORT or https://HOST:PORT)"},
        }) {
            BadInputException e = assertThrows(BadInputException.class, () -> MetricsPush.Gateway.parse(bad[0]));
            assertEquals(bad[1], e.getMessage());
            assertTrue(!e.getMessage().contains("pw"), e.getMessage());
        }
    }
}
