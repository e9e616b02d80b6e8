package scratchnet.jobs.e2e;

import java.net.InetAddress;
import java.util.HashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * A Kubernetes API server in the test JVM on 127.0.0.1 (plain HTTP): fabric8's mock server at the
 * version of Spark's Kubernetes client, keeping what it is sent (CRUD mode) and watchable. Spark 4
 * creates the driver's service and its ConfigMap by server-side apply, a PATCH that the mock answers
 * 404 for an object it does not hold; a real server creates the object, and so does this one.
 */
final class KubernetesApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    private KubernetesApi(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** Starts the server. */
    static KubernetesApi start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ApplyCreates(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new KubernetesApi(server);
    }

    /** @return the master URL for spark-submit: {@code k8s://http://127.0.0.1:PORT} */
    String master() {
        return "k8s://http://127.0.0.1:" + server.getPort();
    }

    /** @return a client of this server */
    NamespacedKubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    /**
     * The CRUD dispatcher, with server-side apply to a missing object answered as its creation, and a
     * pod created Pending, as a real server has it (Spark's pod watcher reads the phase of every pod
     * it is told of).
     */
    private static final class ApplyCreates extends KubernetesCrudDispatcher {
        @Override
        public MockResponse handleCreate(RecordedRequest request) {
            String path = request.getPath();
            String collection = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
            if (!collection.endsWith("/pods")) {
                return super.handleCreate(request);
            }
            try {
                ObjectNode pod = (ObjectNode) JSON.readTree(request.getUtf8Body());
                if (!pod.has("status")) {
                    pod.putObject("status").put("phase", "Pending");
                }
                return super.handleCreate(new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(),
                        new Buffer(JSON.writeValueAsBytes(pod))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            String type = request.getHeader("Content-Type");
            String path = request.getPath();
            int query = path.indexOf('?');
            String object = query < 0 ? path : path.substring(0, query);
            if (type != null && type.startsWith("application/apply-patch") && handleGet(object).code() == 404) {
                String collection = object.substring(0, object.lastIndexOf('/'));
                return handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection, request.getHeaders(), request.getBody()));
            }
            return super.handlePatch(request);
        }
    }
}
