package dev.ali4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.cli.AliCli;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.train.LatentModelTrainer;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ali bench runtime} end to end, in seconds: a tiny trained run, both engines, a real
 * {@code ali serve} process with batching on and off under two clients. CUDA is asked for, so the
 * fallback to the CPU is exercised too where there is no GPU.
 */
class RuntimeBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void measuresBothEnginesAndTheServerInBothModes() throws IOException {
        Path run = dir.resolve("run");
        new LatentModelTrainer(TrainingConfig.builder().architecture("gray28-tiny").epochs(1).batchSize(20).learningRate(2e-4f).seed(7).trainLimit(100).averageDecay(0.9f).build())
                .fit(DataSets.open("embedded"), run);
        Path json = dir.resolve("bench.json");
        CommandLine cli = AliCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("bench", "runtime", "--run", run.toString(), "--calls", "10", "--batch", "8",
                "--engine-seconds", "0.2", "--clients", "2", "--warmup-seconds", "0.3", "--seconds", "1",
                "--rounds", "1", "--spin", "--provider", "cuda", "--threads", "2", "--serve-arg=--max-wait-ms=2",
                "--json", json.toString());
        assertEquals(0, code, err.toString());

        JsonNode result = new ObjectMapper().readTree(json.toFile());
        // The CUDA provider may compute in TF32 where a -Pgpu build runs on a GPU.
        double tolerance = result.get("execution_provider").asText().equals("cpu") ? 1e-4 : 1e-2;
        assertTrue(result.get("max_abs_difference").asDouble() < tolerance, result.toString());
        assertEquals("--max-wait-ms=2", result.get("serve_args").get(0).asText());
        for (String engine : new String[] {"onnxruntime", "onnxruntime_spinning", "djl"}) {
            assertTrue(result.get(engine).get("latencyMillisP50").asDouble() > 0, engine);
            assertTrue(result.get(engine).get("imagesPerSecond").asDouble() > 0, engine);
        }
        for (String mode : new String[] {"server_batching_on", "server_batching_off"}) {
            JsonNode serving = result.get(mode);
            assertEquals(0, serving.get("errors").asLong(), mode);
            assertTrue(serving.get("requests").asLong() > 0, mode);
            assertTrue(serving.get("peakRssBytes").asLong() > 0, mode);
            assertTrue(serving.get("loadSeconds").asDouble() > 0, mode);
        }
        assertEquals(1.0, result.get("server_batching_off").get("imagesPerCall").asDouble(), 1e-9,
                "without batching every network call is one image");
        assertTrue(result.get("server_batching_on").get("imagesPerCall").asDouble() >= 1);
    }
}
