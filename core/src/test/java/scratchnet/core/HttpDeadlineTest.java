package scratchnet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The whole request within its deadline, however far a stalling peer lets it get; a body within its bound. */
class HttpDeadlineTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET().build();
    }

    @Test
    void aPeerThatSendsItsHeadersThenStallsIsLeftAtTheDeadline() throws Exception {
        try (StallingServer peer = new StallingServer(1_000_000, 1000)) {
            long start = System.nanoTime();
            HttpTimeoutException e = assertThrows(HttpTimeoutException.class,
                    () -> HttpDeadline.send(CLIENT, get(peer.url()), Duration.ofMillis(800), 10_000_000));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(peer.url() + ": no whole answer within 0.800 s", e.getMessage());
            assertTrue(seconds >= 0.7 && seconds < 5, "left after " + seconds + " s");
        }
    }

    @Test
    void aBodyLongerThanItsBoundIsRefused() throws Exception {
        try (StallingServer peer = new StallingServer(100_000, 100_000)) {
            IOException e = assertThrows(IOException.class, () -> HttpDeadline.send(CLIENT, get(peer.url()), Duration.ofSeconds(10), 1000));
            assertEquals(peer.url() + ": the answer is longer than 1000 bytes", e.getMessage());
        }
    }

    @Test
    void aUrlsUserInfoIsNeverShown() {
        assertEquals("http://host:9091/metrics", HttpDeadline.where(URI.create("http://user:s3cr%40t@host:9091/metrics")));
        assertEquals("http://host/", HttpDeadline.where(URI.create("http://host/")));
    }
}
