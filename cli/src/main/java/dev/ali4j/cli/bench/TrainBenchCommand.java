package dev.ali4j.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.trainer.JsonFiles;
import dev.ali4j.trainer.Versions;
import dev.ali4j.trainer.bench.BenchThreads;
import dev.ali4j.trainer.bench.TrainStepBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ali bench train}: one ALI step in ali4j against the same step in PyTorch eager. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Images/s of one full ALI step (D update plus G/E update) in ali4j (DJL) and in "
                + "PyTorch eager running the identical architecture and step (trainer-djl/bench/"
                + "ali_step_reference.py, with Debian's python3-torch), same batch and thread count.")
public final class TrainBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--arch", defaultValue = "gray28", description = "Architecture. Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--batch", defaultValue = "100", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--steps", defaultValue = "30", description = "Timed steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed warm-up steps. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--threads", description = "Intra-op threads for both (default: all cores).")
    Integer threads;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python with torch for the reference. Default: ${DEFAULT-VALUE}.")
    String python;

    @Option(names = "--reference", description = "Reference script (default: trainer-djl/bench/ali_step_reference.py).")
    Path reference;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (batch < 2 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("need --batch >= 2, --steps >= 1 and --warmup >= 0");
        }
        if (!"gray28".equals(architecture)) {
            throw new IllegalArgumentException("the PyTorch reference mirrors gray28 only");
        }
        int n = BenchThreads.configure(threads);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("ALI training step, %s, batch %d, %d thread(s), %d timed steps after %d warm-up%n",
                architecture, batch, n, steps, warmup);
        stdout.println("(run it on an otherwise idle machine: both sides use all the threads given)");
        TrainStepBenchmark.Result ours = TrainStepBenchmark.run(architecture, batch, warmup, steps, 0);
        stdout.printf("  ali4j (DJL %s, PyTorch %s engine): %8.1f images/s%n", Versions.DJL, Versions.PYTORCH,
                ours.imagesPerSecond());
        JsonNode peer = runReference(n);
        long peerParameters = peer.path("parameters").asLong(-1);
        if (peerParameters != ours.parameters()) {
            throw new IllegalStateException("the reference has " + peerParameters + " trainable parameters, ali4j "
                    + ours.parameters() + ": the two networks differ, the comparison would be meaningless");
        }
        double peerSpeed = peer.get("images_per_second").asDouble();
        stdout.printf("  %-38s %8.1f images/s%n", peer.get("peer").asText() + " (reference):", peerSpeed);
        double ratio = ours.imagesPerSecond() / peerSpeed;
        stdout.printf("  ratio ali4j / reference:               %8.2f%n", ratio);
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("architecture", architecture).put("batch", batch).put("threads", n).put("steps", steps);
            out.put("ali4j_images_per_second", ours.imagesPerSecond());
            out.put("parameters", ours.parameters());
            out.set("reference", peer);
            out.put("ratio", ratio);
            JsonFiles.write(out, json);
        }
        return 0;
    }

    private JsonNode runReference(int n) throws IOException, InterruptedException {
        Path script = reference != null ? reference : Path.of(System.getProperty("ali.home", "."))
                .resolve("trainer-djl/bench/ali_step_reference.py");
        if (!Files.isRegularFile(script)) {
            throw new IOException("reference script not found: " + script + " (run from the repository or pass --reference)");
        }
        List<String> command = List.of(python, script.toString(), "--batch", Integer.toString(batch),
                "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup),
                "--threads", Integer.toString(n), "--seed", "0");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // The peer's best setting: OpenBLAS's own worker threads spin between GEMMs and starve
        // torch's intra-op threads (measured: 118 -> 176 images/s at 2 threads).
        builder.environment().putIfAbsent("OPENBLAS_NUM_THREADS", "1");
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int code = process.waitFor();
        if (code != 0 || stdout.isEmpty()) {
            throw new IOException("the PyTorch reference failed (exit " + code + "); it needs Debian's python3-torch: "
                    + String.join(" ", command));
        }
        String[] lines = stdout.split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
