package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** {@code ldirectord --dry-run demo} as a process: it prints the status page's URL, and the page there shows the demo's virtuals. */
class DemoProcessTest {

    private static final Pattern URL = Pattern.compile("^ldirector demo: status page at (http://127\\.0\\.0\\.1:\\d+/) .*");

    @Test
    void theDemoTurnsTheStatusPageOnAndPrintsItsUrl() throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1", "-Dldirector.home=" + Path.of("..").toAbsolutePath().normalize(),
                Main.class.getName(), "ldirectord", "--dry-run", "demo");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LDIRECTOR_DEMO_SECONDS", "12");
        Process p = pb.start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String url = null;
            for (String line; url == null && (line = out.readLine()) != null; ) {
                seen.add(line);
                Matcher m = URL.matcher(line);
                if (m.matches()) {
                    url = m.group(1);
                }
            }
            assertThat(url).as("the status page's URL in:\n" + String.join("\n", seen)).isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<h2>tcp:192.0.2.80:80 ").contains("<h2>tcp:192.0.2.80:8080 ")
                    .contains("read-only (no webpasswd)");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("ldirector_real_up{local_address=\"192.0.2.80\"");
            out.transferTo(java.io.Writer.nullWriter());
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(p.exitValue()).isZero();
    }
}
