package dev.ftprobe.app.faults;

import dev.ftprobe.app.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs {@code ftprobe ARGS} in a JVM of its own, as {@code ./ftprobe} starts it. */
final class FtprobeJava {
    private FtprobeJava() {}

    /**
     * {@code java} with this test's class path and the app's {@link Main}, a 1 GiB heap (the tests run random:tiny on
     * the fixture corpora), no core dump on a crash (its {@code hs_err_pid*.log} is what a test looks for), and the
     * command's own logging: the class path also holds the test jars' {@code logback-test.xml}.
     */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-XX:-CreateCoredumpOnCrash",
                "-Dai.djl.offline=true",
                "--add-modules",
                "jdk.incubator.vector",
                "--add-opens",
                "java.base/java.nio=ALL-UNNAMED",
                "-Dlogback.configurationFile=" + Main.class.getResource("/logback.xml")));
        String javacppCache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (javacppCache != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + javacppCache);
        }
        command.addAll(List.of("-cp", classPath(), Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * The test's class path: surefire may hand its forked JVM a one-entry manifest jar as {@code java.class.path} and
     * the real path as {@code surefire.test.class.path}; an IDE gives the real one directly.
     */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
