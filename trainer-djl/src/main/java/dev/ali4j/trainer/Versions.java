package dev.ali4j.trainer;

import java.util.Map;
import picocli.CommandLine.IVersionProvider;

/** Versions recorded in manifests and printed by {@code ali --version}. */
public final class Versions {

    public static final String ALI4J = "0.1.0-SNAPSHOT";
    public static final String DJL = "0.35.1";
    public static final String PYTORCH = "2.7.1";

    private Versions() {}

    public static Map<String, String> all() {
        return Map.of("ali4j", ALI4J, "djl", DJL, "pytorch", PYTORCH, "java", System.getProperty("java.version"));
    }

    /** picocli's version provider. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ali4j " + ALI4J + " (DJL " + DJL + ", PyTorch " + PYTORCH + ")"};
        }
    }
}
