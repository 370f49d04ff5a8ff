package io.familymeeting.media.core.peers;

import io.familymeeting.testsupport.ProcessTree;
import io.familymeeting.testsupport.ProcessWatchdog;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One headless Chromium, driven through Selenium, used as a real WebRTC peer in tests.
 *
 * <p>It starts the system binaries only ({@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}, overridable with the system properties
 * {@code peers.chromium} and {@code peers.chromedriver}); because both paths are given,
 * Selenium Manager never runs and nothing is downloaded. Every instance gets a fresh
 * {@code --user-data-dir}, fake camera / microphone, auto-granted media permissions and
 * 127.0.0.1 ICE candidates. {@link #close()} quits the browser, stops chromedriver, kills any
 * of their processes still alive (chromedriver's tree, and any process with that unique
 * user-data-dir) and deletes the directory, each step also when an earlier one failed. A
 * {@link ProcessWatchdog} on chromedriver kills chromedriver and its Chromium if the test JVM
 * dies without closing the peer.
 *
 * <p>It refuses to start outside a loopback-only network namespace ({@link LoopbackOnly}).
 * It knows nothing about the harness page's functions: see {@link HarnessPeer}.
 */
public final class ChromiumPeer implements AutoCloseable {

    /**
     * Headless with fake capture devices and auto-granted permissions; without
     * {@code --allow-loopback-in-peer-connection} Chromium gathers no 127.0.0.1 candidate,
     * without fake-ui it gathers mDNS names instead of addresses. Plus a headless autoplay
     * policy for audio.
     */
    static final List<String> FLAGS = List.of(
            "--headless=new",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--allow-loopback-in-peer-connection",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--autoplay-policy=no-user-gesture-required",
            "--disable-dev-shm-usage");

    /**
     * Selenium warns on every start that it has no DevTools binding for this Chromium
     * version; the harness does not use CDP, so those loggers are quietened (held strongly
     * so java.util.logging keeps the level).
     */
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    static {
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
    }

    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final Path userDataDir;
    private final ChromeDriverService service;
    private final ProcessHandle chromedriver;
    private final ProcessWatchdog watchdog;
    private final ChromeDriver driver;

    private ChromiumPeer(Path userDataDir, ChromeDriverService service, ProcessHandle chromedriver,
                         ProcessWatchdog watchdog, ChromeDriver driver) {
        this.userDataDir = userDataDir;
        this.service = service;
        this.chromedriver = chromedriver;
        this.watchdog = watchdog;
        this.driver = driver;
    }

    /** Starts a browser with {@link #FLAGS}. */
    public static ChromiumPeer launch() {
        return launch(List.of());
    }

    /** Starts a browser with {@link #FLAGS} and the given extra command-line flags. */
    public static ChromiumPeer launch(List<String> extraFlags) {
        LoopbackOnly.require();
        File chromium = executable("peers.chromium", "/usr/bin/chromium");
        File chromedriver = executable("peers.chromedriver", "/usr/bin/chromedriver");
        Path userDataDir;
        try {
            userDataDir = Files.createTempDirectory("chromium-peer-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a user-data-dir", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + userDataDir);
        options.addArguments(extraFlags);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ProcessHandle driverProcess = null;
        ProcessWatchdog watchdog = null;
        try {
            service.start();
            driverProcess = driverProcess(service.getUrl().getPort());
            watchdog = ProcessWatchdog.watch(driverProcess);
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
            driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT);
            return new ChromiumPeer(userDataDir, service, driverProcess, watchdog, driver);
        } catch (IOException | RuntimeException e) {
            shutDown(service, driverProcess, watchdog, userDataDir);
            throw new HarnessException("cannot start " + chromium + " with " + chromedriver, e);
        }
    }

    /** The chromedriver Selenium started for this peer: this JVM's child listening on {@code port}. */
    private static ProcessHandle driverProcess(int port) {
        String portFlag = "--port=" + port;
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(portFlag)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new HarnessException("no chromedriver process with " + portFlag + " under this JVM"));
    }

    private static File executable(String property, String fallback) {
        File file = new File(System.getProperty(property, fallback));
        if (!file.canExecute()) {
            throw new HarnessException(file + " is not an executable (install chromium and "
                    + "chromium-driver, or set -D" + property + "=...)");
        }
        return file;
    }

    /** Navigates to the URL and waits for the page to load. */
    public void open(URI url) {
        driver.get(url.toString());
    }

    /**
     * Runs an asynchronous script: the last entry of {@code arguments} is the callback the
     * script must call with its result. Returns what Selenium makes of the value (String,
     * Long, Double, Boolean, List, Map or null).
     */
    public Object executeAsync(String script, Object... args) {
        try {
            return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
        } catch (WebDriverException e) {
            throw new HarnessException("async script failed; browser console:\n"
                    + String.join("\n", consoleLog()), e);
        }
    }

    /** Runs a synchronous script ({@code return ...;}) and returns its value. */
    public Object execute(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Browser console lines logged since the last call, for failure messages. */
    public List<String> consoleLog() {
        try {
            List<String> lines = new ArrayList<>();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                lines.add(entry.getLevel() + " " + entry.getMessage());
            }
            return lines;
        } catch (WebDriverException e) {
            return List.of("(console log unavailable: " + e.getMessage() + ")");
        }
    }

    /** The Selenium driver, for what this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // The browser may already be gone; the leftovers are killed below.
        } finally {
            shutDown(service, chromedriver, watchdog, userDataDir);
        }
    }

    /**
     * Stops chromedriver, then kills whatever of its tree (taken before it stopped: its
     * Chromium is re-parented when it exits) and of this browser's user-data-dir is still
     * alive, stops the watchdog and deletes the directory; each step runs even if an earlier
     * one threw. {@code driverProcess} and {@code watchdog} are null when the launch failed
     * before they existed.
     */
    private static void shutDown(ChromeDriverService service, ProcessHandle driverProcess, ProcessWatchdog watchdog,
                                 Path userDataDir) {
        List<ProcessHandle> tree = driverProcess == null ? List.of() : ProcessTree.of(driverProcess);
        try {
            service.stop();
        } catch (RuntimeException e) {
            System.err.println("chromedriver did not stop cleanly (its processes are killed): " + e);
        } finally {
            try {
                tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessTree::kill);
                killLeftovers(userDataDir);
            } finally {
                if (watchdog != null) {
                    watchdog.close();
                }
                deleteRecursively(userDataDir);
            }
        }
    }

    /** Kills processes of this browser only: those started with our unique user-data-dir. */
    private static void killLeftovers(Path userDataDir) {
        String marker = "--user-data-dir=" + userDataDir;
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .collect(Collectors.toList());
        leftovers.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : leftovers) {
            p.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> p).join();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
