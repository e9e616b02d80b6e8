package scratchnet.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way the project talks HTTP: a whole request — connecting, sending, the answer's
 * headers and all of its body — within one deadline, and a body of bounded size. The JDK's
 * {@link HttpRequest#timeout} covers only the wait for the headers, so a peer that sends them and
 * then stalls would hold a reader for ever; here the request is abandoned at the deadline, however
 * far it got.
 */
public final class HttpDeadline {

    private HttpDeadline() {
    }

    /**
     * Sends a request and reads its whole answer, its body at most {@code maxBytes}.
     *
     * @param deadline the longest the whole exchange may take
     * @return the answer, its body read whole
     * @throws HttpTimeoutException when the deadline passes first
     * @throws IOException          when the exchange fails or the body is longer than {@code maxBytes}
     */
    public static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, Duration deadline, long maxBytes) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request, info -> new Bounded(maxBytes));
        try {
            return answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException(where(request.uri()) + ": no whole answer within " + seconds(deadline) + " s");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(where(request.uri()) + ": interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new IOException(where(request.uri()) + ": " + why, cause);
        }
    }

    /** @return a URI as messages may show it: without its user-info (a user and password), which is never printed */
    public static String where(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        String s = uri.toString();
        return s.replace(uri.getRawUserInfo() + "@", "");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3g", d.toMillis() / 1000.0);
    }

    /** A body collected into bytes, refused once longer than a bound. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final long maxBytes;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Bounded(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (bytes.size() + (long) b.remaining() > maxBytes) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("the answer is longer than " + maxBytes + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
