package io.familymeeting.loadtest;

import java.nio.file.Files;

/**
 * The command line: {@code java -jar loadtest.jar --server ours --base-url http://127.0.0.1:8080
 * --viewers 100 --duration 30}. Prints the one-line summary (and the JSON on the next line),
 * writes the JSON to {@code --json} if given, and exits 1 when a client failed to connect or a
 * viewer received nothing, 2 on bad options. {@link #run} is the same without exiting, for tests.
 */
public final class LoadTest {
    private LoadTest() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        RunResult result = run(options);
        System.exit(result.ok() ? 0 : 1);
    }

    public static RunResult run(Options options) throws Exception {
        RunResult result = new LoadRun(options).run();
        System.out.println("[loadtest] " + result.summary());
        System.out.println("[loadtest-json] " + result.toJson());
        if (options.json() != null) {
            Files.writeString(options.json(), result.toJson() + "\n");
        }
        return result;
    }
}
