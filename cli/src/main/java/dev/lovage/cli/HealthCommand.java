package dev.lovage.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lovage health}: asks a running worker's {@code /health} (its {@code --metrics-port}) and exits 0 when it
 * is up or degraded, 1 when it is down or does not answer. The Docker image's HEALTHCHECK runs this.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Check a running worker's /health endpoint: exit 0 when up or degraded, 1 otherwise.")
final class HealthCommand implements Callable<Integer> {
    @Option(names = {"-p", "--metrics-port"}, defaultValue = "9808", description = "The worker's --metrics-port "
            + "(default: ${DEFAULT-VALUE}).")
    int port = 9808;

    @Option(names = "--metrics-bind", defaultValue = "127.0.0.1", description = "The worker's --metrics-bind "
            + "(default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--timeout", defaultValue = "5", description = "Seconds to wait (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 5;

    @Override
    public Integer call() throws InterruptedException {
        String where = host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        URI uri = URI.create("http://" + where + ":" + port + "/health");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds)).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(timeoutSeconds)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println(response.body());
            return response.statusCode() == 200 ? 0 : 1;
        } catch (IOException e) {
            System.out.println("{\"status\": \"down\", \"error\": \"" + uri + " did not answer: "
                    + e.toString().replace("\"", "'") + "\"}");
            return 1;
        }
    }
}
