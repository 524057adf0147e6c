package dev.ali4j.cli;

import dev.ali4j.trainer.Versions;
import picocli.CommandLine.IVersionProvider;

/** {@code ali --version}: the versions the trainer records in every bundle. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {Versions.summary()};
    }
}
