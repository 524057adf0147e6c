package dev.ali4j.cli;

import dev.ali4j.trainer.JsonFiles;
import dev.ali4j.trainer.Versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.trainer.bench.BenchThreads;
import dev.ali4j.cli.bench.RuntimeBenchCommand;
import dev.ali4j.cli.bench.SparkBenchCommand;
import dev.ali4j.trainer.bench.TrainStepBenchmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ali bench}: measurements against a peer run in the same command. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks, each against a reference measured in the same run.",
        subcommands = {BenchCommand.Train.class, BenchCommand.RuntimeBench.class, BenchCommand.SparkBench.class,
            MemoryBenchCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code ali bench train}: one ALI step in ali4j against the same step in PyTorch eager. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Images/s of one full ALI step (D update plus G/E update) in ali4j (DJL) and in "
                    + "PyTorch eager running the identical architecture and step (trainer-djl/bench/"
                    + "ali_step_reference.py, with Debian's python3-torch), same batch and thread count.")
    public static final class Train implements Callable<Integer> {

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
            System.out.printf("ALI training step, %s, batch %d, %d thread(s), %d timed steps after %d warm-up%n",
                    architecture, batch, n, steps, warmup);
            System.out.println("(run it on an otherwise idle machine: both sides use all the threads given)");
            TrainStepBenchmark.Result ours = TrainStepBenchmark.run(architecture, batch, warmup, steps, 0);
            System.out.printf("  ali4j (DJL %s, PyTorch %s engine): %8.1f images/s%n", Versions.DJL, Versions.PYTORCH,
                    ours.imagesPerSecond());
            JsonNode peer = runReference(n);
            long peerParameters = peer.path("parameters").asLong(-1);
            if (peerParameters != ours.parameters()) {
                throw new IllegalStateException("the reference has " + peerParameters + " trainable parameters, ali4j "
                        + ours.parameters() + ": the two networks differ, the comparison would be meaningless");
            }
            double peerSpeed = peer.get("images_per_second").asDouble();
            System.out.printf("  %-38s %8.1f images/s%n", peer.get("peer").asText() + " (reference):", peerSpeed);
            double ratio = ours.imagesPerSecond() / peerSpeed;
            System.out.printf("  ratio ali4j / reference:               %8.2f%n", ratio);
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

    /** {@code ali bench runtime}: ONNX Runtime against DJL on one bundle, and the server with batching on and off. */
    @Command(name = "runtime", mixinStandardHelpOptions = true,
            description = {"On one bundle: reconstruct latency (batch 1) and throughput (batch 64) in ONNX Runtime and "
                    + "in DJL's PyTorch engine running the same networks (the checkpoint the bundle comes from); "
                    + "an ali serve process under concurrent clients on /v1/reconstruct with micro-batching on and "
                    + "off (requests/s, p50 and p99 latency); its model load time and peak RSS."})
    public static final class RuntimeBench extends RuntimeBenchCommand {
    }

    /** {@code ali bench spark}: the same image files encoded by Spark in local mode and by one JVM. */
    @Command(name = "spark", mixinStandardHelpOptions = true,
            description = {"The same image files (PNG, written first: 20,000 Fashion-MNIST images by default) "
                    + "encoded by Spark in local mode (binaryFile source, LatentEncoder, Parquet output) and by the "
                    + "runtime in one JVM (OnnxLatentModel in batches, as many worker threads as Spark has task "
                    + "slots), each in a fresh JVM, two passes (JIT cold, then warm): images/s and images per "
                    + "CPU-second and their ratios, startup (session start, bundle load) and peak RSS."})
    public static final class SparkBench extends SparkBenchCommand {
    }
}
