package dev.ftprobe.events;

/** The version of the running code, for run manifests and logs. */
public final class CodeVersion {
    /** Reported when the classes do not come from a built jar (an IDE, the test class path). */
    public static final String DEVELOPMENT = "development";

    private CodeVersion() {}

    /** The {@code Implementation-Version} of the jar ftprobe runs from, or {@link #DEVELOPMENT}. */
    public static String current() {
        return of(CodeVersion.class);
    }

    /** The {@code Implementation-Version} of the jar holding {@code type}, or {@link #DEVELOPMENT}. */
    public static String of(Class<?> type) {
        Package p = type.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isBlank() ? DEVELOPMENT : v;
    }
}
