import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Init step of the Kubernetes pod: asks the Kubernetes API for this pod's node
 * ({@code NODE_NAME}, from the downward API) and writes the node's ExternalIP addresses,
 * comma-separated, to the file named by the first argument. The entrypoint turns that
 * file into MEDIA_ADVERTISED_ADDRESSES.
 *
 * <p>Why the API and not the downward API alone: {@code status.hostIP} is the node's
 * internal address; on GCE the external address is a 1:1 NAT the VM never sees, but the
 * kubelet reports it in the Node's status.addresses. Needs RBAC "get nodes"
 * (docker/k8s/base/rbac.yaml). Exits non-zero when the node has no external address, so
 * a misplaced pod fails visibly instead of advertising an unreachable address.
 *
 * <p>Run with the JDK's source launcher: {@code java NodeExternalAddress.java OUT}.
 * System properties {@code api}, {@code token}, {@code ca} override the in-cluster
 * defaults (tests).
 */
public class NodeExternalAddress {
    private static final String SA = "/var/run/secrets/kubernetes.io/serviceaccount/";
    private static final Pattern ADDRESS = Pattern.compile(
            "\\{[^{}]*\"type\"\\s*:\\s*\"ExternalIP\"[^{}]*\\}");
    private static final Pattern VALUE = Pattern.compile("\"address\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java NodeExternalAddress.java OUTPUT_FILE");
            System.exit(2);
        }
        String node = System.getenv("NODE_NAME");
        if (node == null || node.isBlank()) {
            fail("NODE_NAME is not set (downward API: spec.nodeName)");
        }
        String api = System.getProperty("api");
        if (api == null) {
            api = "https://" + hostPort();
        }
        String token = Files.readString(Path.of(System.getProperty("token", SA + "token"))).trim();
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (api.startsWith("https:")) {
            client.sslContext(trusting(Path.of(System.getProperty("ca", SA + "ca.crt"))));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/v1/nodes/" + node))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .build();
        HttpResponse<String> response = client.build().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            fail("GET node " + node + ": HTTP " + response.statusCode() + " " + response.body());
        }
        List<String> addresses = externalAddresses(response.body());
        if (addresses.isEmpty()) {
            fail("node " + node + " has no ExternalIP address: put the pod on a node pool with external IPs"
                    + " or set MEDIA_ADVERTISED_ADDRESSES");
        }
        String joined = String.join(",", addresses);
        Files.writeString(Path.of(args[0]), joined + "\n", StandardCharsets.UTF_8);
        System.out.println("MEDIA_ADVERTISED_ADDRESSES=" + joined);
    }

    static List<String> externalAddresses(String nodeJson) {
        List<String> out = new ArrayList<>();
        Matcher entry = ADDRESS.matcher(nodeJson);
        while (entry.find()) {
            Matcher value = VALUE.matcher(entry.group());
            if (value.find()) {
                out.add(value.group(1));
            }
        }
        return out;
    }

    private static String hostPort() {
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        String port = System.getenv("KUBERNETES_SERVICE_PORT");
        if (host == null || port == null) {
            fail("not in a Kubernetes pod (KUBERNETES_SERVICE_HOST / _PORT unset)");
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void fail(String message) {
        System.err.println("NodeExternalAddress: " + message);
        System.exit(1);
    }
}
