package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.ldirector.director.web.Htpasswd;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real browser: Debian's chromium, headless, driven through chromium-driver,
 * against our daemon as a process (stand-in ipvsadm, real HTTP reals on loopback). The page shows a
 * real going down within 2 s of the table change when its server stops (plus what the stand-in
 * ipvsadm's four listings of one snapshot take on a loaded machine, measured), a real is drained by
 * logging in and clicking its drain button (the table then has weight 0), actions are refused
 * without a login, and the read-only page works with JavaScript off. The last state (three
 * virtuals, one real down, one drained) is saved as {@code target/web-page.png}
 * ({@code -Dldirector.screenshot=PATH} copies it, e.g. to docs/web-page.png).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration LIVE_LIMIT = Duration.ofSeconds(2);

    private Path dir;
    private DaemonUnderTest daemon;
    private final List<Real> reals = new ArrayList<>();
    private Real web1;
    private Real web2;
    private Real web3;
    private Real api1;
    private Real api2;
    private Real mail1;
    private String base;

    @BeforeAll
    void start() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (run-tests.sh installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (run-tests.sh installs it)").isExecutable();
        dir = Files.createTempDirectory("pagebrowser");
        web1 = http("127.0.10.1");
        web2 = http("127.0.10.2");
        web3 = http("127.0.10.3");
        api1 = http("127.0.11.1");
        api2 = http("127.0.11.2");
        mail1 = http("127.0.12.1");
        int webPort = TestPeers.freePort();
        base = "http://127.0.0.1:" + webPort;
        Path pw = dir.resolve("web.htpasswd");
        Htpasswd.setPassword(pw, "ops", "correct battery".toCharArray());
        daemon = new DaemonUnderTest(dir);
        Files.writeString(daemon.config, "checktimeout=1\nnegotiatetimeout=1\ncheckinterval=1\nlogfile=\"" + daemon.log + "\"\n"
                + "quiescent=no\nweb=127.0.0.1:" + webPort + "\nwebpasswd=" + pw + "\n\n"
                + "virtual=192.0.2.10:80\n" + real(web1, 3) + real(web2, 2) + real(web3, 1)
                + "\tservice=http\n\trequest=\"health\"\n\treceive=\"Test Page\"\n\tscheduler=wrr\n\tchecktype=negotiate\n"
                + "virtual=192.0.2.10:443\n" + real(api1, 1) + real(api2, 1) + "\tchecktype=connect\n\tscheduler=wlc\n"
                + "virtual=192.0.2.20:25\n" + real(mail1, 1) + "\tchecktype=connect\n\tscheduler=rr\n");
        DaemonUnderTest.Result r = daemon.run("start");
        assertThat(r.exit()).as(r.err()).isZero();
        daemon.await("all six reals in the table", Duration.ofSeconds(30), () -> {
            Map<String, Map<String, Integer>> t = daemon.table();
            return t.getOrDefault("TCP 192.0.2.10:80", Map.of()).size() == 3
                    && t.getOrDefault("TCP 192.0.2.10:443", Map.of()).size() == 2
                    && t.getOrDefault("TCP 192.0.2.20:25", Map.of()).size() == 1;
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (daemon != null) {
            daemon.run("stop");
        }
        for (Real r : reals) {
            r.server().close();
        }
    }

    /** A real HTTP server on its own loopback address, as a real server behind a real line. */
    private record Real(String address, Peer server) {
        String endpoint() {
            return address + ":" + server.port();
        }
    }

    private Real http(String address) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        Real r = new Real(address, Peer.restartable(port -> TestPeers.http(a, port)));
        reals.add(r);
        return r;
    }

    private static String real(Real r, int weight) {
        return "\treal=" + r.endpoint() + " masq " + weight + "\n";
    }

    private static WebDriver browser(boolean javascript) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", "--no-first-run", "--disable-extensions");
        if (!javascript) {
            o.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // A click that submits a form returns before the next page is there: look for elements until they are.
        d.manage().timeouts().implicitlyWait(Duration.ofSeconds(15));
        return d;
    }

    private static String rowId(String virtual, String endpoint) {
        return "real-" + virtual + "-" + endpoint;
    }

    /** The row's class ("real up", "real down", "real up drain"), read afresh: the live part is replaced every second. */
    private static String rowClass(WebDriver d, String virtual, String endpoint) {
        return fresh(() -> d.findElement(By.id(rowId(virtual, endpoint))).getAttribute("class"));
    }

    private static void click(WebDriver d, String virtual, String endpoint, String action) {
        fresh(() -> {
            d.findElement(By.id(rowId(virtual, endpoint))).findElement(By.cssSelector("button.act-" + action)).click();
            return null;
        });
    }

    /** Runs {@code step} again when the live update replaced its element in between (a few times at most). */
    private static <T> T fresh(java.util.function.Supplier<T> step) {
        for (int attempt = 0; ; attempt++) {
            try {
                return step.get();
            } catch (StaleElementReferenceException | NoSuchElementException replacedMeanwhile) {
                if (attempt > 20) {
                    throw replacedMeanwhile;
                }
            }
        }
    }

    private static void logIn(WebDriver d, String base, String user, String password) {
        d.get(base + "/");
        d.findElement(By.linkText("Log in")).click();
        d.findElement(By.name("user")).sendKeys(user);
        d.findElement(By.name("password")).sendKeys(password);
        d.findElement(By.cssSelector("form.login button")).click();
    }

    @Test
    @Order(1)
    void withoutJavaScriptThePageShowsTheTableAndAStaleFormIsRefusedWithoutALogin() throws Exception {
        WebDriver d = browser(false);
        try {
            d.get(base + "/");
            String v = "tcp:192.0.2.10:80";
            String r1 = web1.endpoint();
            assertThat(rowClass(d, v, r1)).isEqualTo("real up");
            assertThat(d.findElement(By.id(rowId(v, r1))).findElement(By.cssSelector(".health")).getText()).startsWith("up");
            assertThat(d.findElements(By.cssSelector("section.virtual"))).hasSize(3);
            assertThat(d.findElement(By.id("connections")).getText()).startsWith("IPVS connection entries");
            assertThat(d.getPageSource()).as("no action buttons without a login").doesNotContain("act-drain");
            assertThat(d.findElement(By.tagName("html")).getAttribute("class")).as("the page's script did not run").doesNotContain("js");

            logIn(d, base, "ops", "wrong horse");
            assertThat(d.findElement(By.cssSelector("p.error")).getText()).isEqualTo("Wrong user or password.");
            logIn(d, base, "ops", "correct battery");
            assertThat(d.findElement(By.tagName("nav")).getText()).contains("signed in as ops");
            // The session goes (expired, logged out elsewhere); the form still on the screen must not act.
            d.manage().deleteAllCookies();
            click(d, v, r1, "drain");
            assertThat(d.findElement(By.cssSelector("p.error")).getText()).isEqualTo("Log in first.");
            Thread.sleep(1500);
            assertThat(daemon.table().get("TCP 192.0.2.10:80")).containsEntry(r1, 3);
            assertThat(daemon.logAbout("Drained real server")).isEmpty();
        } finally {
            d.quit();
        }
    }

    @Test
    @Order(2)
    void theLivePageShowsARealGoingDownWithinTwoSecondsOfTheTableAndDrainsARealThroughItsButton() throws Exception {
        WebDriver d = browser(true);
        try {
            d.get(base + "/");
            JavascriptExecutor js = (JavascriptExecutor) d;
            assertThat(d.findElement(By.tagName("html")).getAttribute("class")).as("the page's script ran").contains("js");
            js.executeScript("window.ldirectorNoReload = 'still here';");
            String v = "tcp:192.0.2.10:80";
            String r3 = web3.endpoint();
            assertThat(rowClass(d, v, r3)).isEqualTo("real up");
            // The page's action endpoint, posted from the page's own origin without a session, refuses.
            // (Not /api/: its 401 asks for HTTP Basic, and the browser would wait for someone to type a password.)
            d.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            Object apiStatus = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "fetch('/action', {method: 'POST', body: new URLSearchParams({action: 'drain', virtual: '" + v
                    + "', real: '" + r3 + "', csrf: 'guess'})}).then(r => done(r.status), e => done(String(e)));");
            assertThat(apiStatus).isEqualTo(401L);

            // The page may lag the table by its 1 s update period and one snapshot, which runs four
            // ipvsadm listings: 2 s on a quiet machine, plus what four listings of the stand-in cost here.
            long listingMs = daemon.listingTime().toMillis();
            long limitMs = LIVE_LIMIT.toMillis() + 4 * listingMs;
            // (a) stop web3's server: time the table change and the page's change side by side. The
            // stand-in ipvsadm traces each command and then "exit" once the table is saved: that line
            // is the moment the table shows the change (read from its trace, which costs no ipvsadm run).
            DaemonUnderTest.Mark mark = daemon.mark();
            String removal = "stdin\t-d -t 192.0.2.10:80 -r " + r3;
            CompletableFuture<Long> tableChanged = CompletableFuture.supplyAsync(() -> {
                try {
                    while (true) {
                        List<String> t = daemon.traceLines();
                        List<String> since = t.subList(Math.min(mark.traceLines(), t.size()), t.size());
                        int i = since.indexOf(removal);
                        if (i >= 0 && since.subList(i, since.size()).stream().anyMatch(l -> l.startsWith("exit\t"))) {
                            return System.nanoTime();
                        }
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            web3.server().stop();
            long pageChanged = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (rowClass(d, v, r3).equals("real down")) {
                    pageChanged = System.nanoTime();
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(pageChanged).as("the page shows web3 down").isNotZero();
            long table = tableChanged.get(20, TimeUnit.SECONDS);
            long lagMs = TimeUnit.NANOSECONDS.toMillis(pageChanged - table);
            assertThat(daemon.table().get("TCP 192.0.2.10:80")).doesNotContainKey(r3);
            System.out.println("PageBrowserTest: the page showed web3 down " + lagMs + " ms after the table changed"
                    + " (limit " + limitMs + " ms: one stand-in listing takes " + listingMs + " ms now)");
            assertThat(lagMs).as("page behind the table by (ms); one stand-in listing takes %d ms now", listingMs)
                    .isLessThanOrEqualTo(limitMs);
            assertThat(d.findElement(By.id(rowId(v, r3))).findElement(By.cssSelector(".badge.down")).getText()).isEqualTo("down");
            assertThat(js.executeScript("return window.ldirectorNoReload")).as("updated without a reload").isEqualTo("still here");

            // (b) log in through the page and drain api1 with its button.
            String va = "tcp:192.0.2.10:443";
            String a1 = api1.endpoint();
            logIn(d, base, "ops", "correct battery");
            click(d, va, a1, "drain");
            assertThat(d.findElement(By.id("notice")).getText()).startsWith("Drained real server " + a1);
            daemon.await("api1 at weight 0 in the table", Duration.ofSeconds(10),
                    () -> Integer.valueOf(0).equals(daemon.table().get("TCP 192.0.2.10:443").get(a1)));
            daemon.await("the page shows api1 drained", Duration.ofSeconds(5), () -> rowClass(d, va, a1).equals("real up drain"));
            assertThat(d.findElement(By.id(rowId(va, a1))).findElement(By.cssSelector(".kweight")).getText()).isEqualTo("0");
            assertThat(daemon.logAbout("web: drain by ops from 127.0.0.1")).isNotEmpty();

            Thread.sleep(1200); // one more live update, so the screenshot shows the ages ticking, not a fresh load
            Path shot = Path.of("target", "web-page.png");
            Files.createDirectories(shot.getParent());
            // The whole page, not just the window (headless chromium keeps its window within a screen).
            ChromeDriver cd = (ChromeDriver) d;
            Map<String, Object> metrics = cd.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Number> size = (Map<String, Number>) metrics.get("cssContentSize");
            Map<String, Object> png = cd.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", size.get("width"),
                            "height", size.get("height"), "scale", 1)));
            Files.write(shot, java.util.Base64.getDecoder().decode((String) png.get("data")));
            String copy = System.getProperty("ldirector.screenshot");
            if (copy != null) {
                Files.copy(shot, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            d.quit();
        }
    }
}
