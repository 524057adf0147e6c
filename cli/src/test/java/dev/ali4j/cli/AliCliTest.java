package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.trainer.train.Checkpoint;
import dev.ali4j.trainer.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

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
    void everyHelpTextIsAValidFormatString() {
        // picocli formats descriptions with String.format and, on a lone '%', only warns (once its
        // tracer is set up, not even where a test could see it): so each text is formatted here.
        List<String> faults = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        checkAll(AliCli.commandLine().getCommandSpec(), commands, faults);
        assertTrue(commands.size() > 20, "checked " + commands);
        assertEquals(List.of(), faults);
    }

    private static void checkAll(CommandSpec command, List<String> commands, List<String> faults) {
        commands.add(command.qualifiedName());
        List<String> texts = new ArrayList<>(List.of(command.usageMessage().description()));
        for (OptionSpec option : command.options()) {
            texts.addAll(List.of(option.description()));
        }
        for (PositionalParamSpec parameter : command.positionalParameters()) {
            texts.addAll(List.of(parameter.description()));
        }
        for (String text : texts) {
            try {
                String.format(Locale.ROOT, text);
            } catch (IllegalFormatException e) {
                faults.add(command.qualifiedName() + ": " + e + " in: " + text);
            }
        }
        for (CommandLine sub : command.subcommands().values()) {
            checkAll(sub.getCommandSpec(), commands, faults);
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

        Path demoOut = dir.resolve("demo");
        CliRun demoArch = run("demo", "--arch", "rgb1024", "--out", demoOut.toString());
        assertEquals(2, demoArch.code());
        assertTrue(demoArch.err().startsWith("ali demo: unknown architecture 'rgb1024'"), demoArch.err());
        assertEquals("", demoArch.out(), "nothing is announced before the name is checked");
        assertFalse(Files.exists(demoOut), "nothing is trained");

        CliRun idleLambda = run("train", "--objective", "ali", "--lambda", "6", "--out", dir.resolve("r3").toString());
        assertEquals(2, idleLambda.code());
        assertEquals("ali train: --lambda weighs an objective's reconstruction terms, and ali has none (alice has)",
                idleLambda.err().strip());

        CliRun wideD = run("train", "--d-width", "9", "--out", dir.resolve("r4").toString());
        assertEquals(2, wideD.code());
        assertEquals("ali train: D's width factor must be 1 to 8, got 9", wideD.err().strip());

        CliRun negativeClip = run("train", "--clip-gradient", "-1", "--out", dir.resolve("r5").toString());
        assertEquals(2, negativeClip.code());
        assertEquals("ali train: the gradient clip must be a finite norm >= 0 (0 = off), got -1.0",
                negativeClip.err().strip());

        CliRun zeroRate = run("train", "--d-lr", "0", "--out", dir.resolve("r6").toString());
        assertEquals(2, zeroRate.code());
        assertEquals("ali train: D's learning rate must be positive, got 0.0", zeroRate.err().strip());
    }

    @Test
    void dsOwnLearningRateReachesTheCheckpointAndResumesWithIt() throws Exception {
        Path out = dir.resolve("ttur");
        CliRun trained = run("train", "--data", "embedded", "--arch", "gray28-tiny", "--epochs", "1", "--batch", "10",
                "--limit", "20", "--lr", "3e-4", "--d-lr", "1e-3", "--out", out.toString());
        assertEquals(0, trained.code(), trained.err());
        TrainingConfig config = Checkpoint.readHeader(out.resolve(Checkpoint.FILE_NAME)).config();
        assertEquals(3e-4f, config.learningRate());
        assertEquals(1e-3f, config.discriminatorLearningRate().floatValue());

        CliRun resumed = run("train", "--resume", out.toString(), "--epochs", "2");
        assertEquals(0, resumed.code(), resumed.err());
        TrainingConfig after = Checkpoint.readHeader(out.resolve(Checkpoint.FILE_NAME)).config();
        assertEquals(1e-3f, after.discriminatorLearningRate().floatValue());
        assertEquals(2, after.epochs());
    }
}
