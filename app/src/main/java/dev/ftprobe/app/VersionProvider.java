package dev.ftprobe.app;

import picocli.CommandLine;

/** Reports the version recorded in the jar's manifest. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = FtprobeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"ftprobe " + (v == null ? "development build" : v)};
    }
}
