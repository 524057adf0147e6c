package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AliCliTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void everySubcommandDescribesItsOptions() {
        for (String command : List.of("demo", "train", "train-classifier", "export", "eval", "report", "keygen",
                "sign", "bench", "encode", "reconstruct", "inpaint", "sample", "interpolate")) {
            CliRun o = run(command, "--help");
            assertEquals(0, o.code(), command);
            assertTrue(o.out().contains("Usage: ali " + command), command + ": " + o.out());
        }
        assertTrue(run("--help").out().contains("Commands:"));
    }

    @Test
    void everyHelpTextRendersWithoutWarnings() {
        // picocli reports a description it cannot format (a lone '%') on System.err, not as a failure.
        PrintStream original = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        List<String> rendered = new ArrayList<>();
        try {
            renderAll(AliCli.commandLine(), rendered);
        } finally {
            System.setErr(original);
        }
        assertTrue(rendered.size() > 20, "rendered " + rendered);
        assertEquals("", warnings.toString(StandardCharsets.UTF_8), "help of " + rendered);
    }

    private static void renderAll(CommandLine command, List<String> rendered) {
        command.getUsageMessage();
        rendered.add(command.getCommandName());
        for (CommandLine sub : command.getSubcommands().values()) {
            renderAll(sub, rendered);
        }
    }

    @Test
    void everyBenchmarkIsASubcommandOfBench() {
        for (String bench : List.of("train", "runtime", "memory")) {
            CliRun o = run("bench", bench, "--help");
            assertEquals(0, o.code(), bench);
            assertTrue(o.out().contains("Usage: ali bench " + bench), bench + ": " + o.out());
        }
        assertTrue(run("bench").out().contains("Usage: ali bench"), "bench alone prints its usage");
    }

    @Test
    void badInputGivesOneClearLineAndExitCode2NotAStackTrace() throws Exception {
        CliRun missingData = run("train", "--data", dir.resolve("nowhere").toString(), "--out", dir.resolve("r").toString());
        assertEquals(2, missingData.code());
        assertTrue(missingData.err().contains("nowhere"), missingData.err());
        assertFalse(missingData.err().contains("\tat "), missingData.err());
        assertEquals(1, missingData.err().lines().count(), missingData.err());
        assertTrue(missingData.err().startsWith("ali train: "), missingData.err());

        CliRun missingRun = run("export", "--run", dir.toString(), "--out", dir.resolve("b").toString());
        assertEquals(2, missingRun.code());
        assertTrue(missingRun.err().contains("no checkpoint"), missingRun.err());

        Path notABundle = Files.createDirectories(dir.resolve("empty"));
        CliRun badBundle = run("eval", "--bundle", notABundle.toString(), "--out", dir.resolve("e.json").toString());
        assertEquals(2, badBundle.code());
        assertTrue(badBundle.err().contains("manifest.json"), badBundle.err());

        CliRun unknownArch = run("train", "--arch", "rgb1024", "--out", dir.resolve("r2").toString());
        assertEquals(2, unknownArch.code());
        assertTrue(unknownArch.err().contains("unknown architecture 'rgb1024'"), unknownArch.err());

        CliRun idleLambda = run("train", "--objective", "ali", "--lambda", "6", "--out", dir.resolve("r3").toString());
        assertEquals(2, idleLambda.code());
        assertEquals("ali train: --lambda weighs an objective's reconstruction terms, and ali has none (alice has)",
                idleLambda.err().strip());
    }
}
