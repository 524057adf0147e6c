package dev.ali4j.cli.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions.ExecutionProvider;
import dev.ali4j.cli.BundleOptions;
import dev.ali4j.trainer.Versions;
import dev.ali4j.trainer.bench.BenchThreads;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.export.BundleExporter;
import dev.ali4j.trainer.train.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ali bench runtime}: ONNX Runtime against DJL on one bundle, and the server with batching on and off. */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = {"On one bundle: reconstruct latency (batch 1) and throughput (batch 64) in ONNX Runtime and "
                + "in DJL's PyTorch engine running the same networks (the checkpoint the bundle comes from); "
                + "an ali serve process under concurrent clients on /v1/reconstruct with micro-batching on and "
                + "off (requests/s, p50 and p99 latency); its model load time and peak RSS."})
public final class RuntimeBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--run", paramLabel = "RUN", defaultValue = "demo-out/run",
            description = "Run directory (or checkpoint file) whose networks DJL runs (default: ${DEFAULT-VALUE}, "
                    + "made by ./ali demo).")
    Path run;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Bundle exported from that run (default: exported afresh into a temporary directory, "
                    + "so that both engines run the same weights).")
    Path bundle;

    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads for ONNX Runtime, DJL and the server (default: ALI_THREADS, else all cores).")
    Integer threads;

    @Option(names = "--batch", defaultValue = "64", description = "Batch of the throughput measurement (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--calls", defaultValue = "300", description = "Timed batch-1 calls per engine (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--engine-seconds", defaultValue = "5",
            description = "Seconds of batch throughput per engine (default: ${DEFAULT-VALUE}).")
    double engineSeconds;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent HTTP clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "15",
            description = "Measured seconds of server load, per mode and round (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3",
            description = "Seconds of server load before each measurement (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--rounds", defaultValue = "2",
            description = "Server rounds; each runs batching on, then off, so that drifting load on a shared machine "
                    + "hits both alike (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--spin", description = "Also time ONNX Runtime with its threads spinning between calls (ONNX "
            + "Runtime's own default; ali4j's is sleeping).")
    boolean spin;

    @Option(names = "--provider", paramLabel = "cpu|cuda", defaultValue = "cpu",
            converter = BundleOptions.ProviderConverter.class,
            description = "ONNX Runtime's execution provider, here and in the server (default: ${DEFAULT-VALUE}); cuda "
                    + "needs the -Pgpu build and a GPU. DJL runs on the CPU either way.")
    ExecutionProvider provider;

    @Option(names = "--serve-arg", paramLabel = "ARG",
            description = "An option for the ali serve processes, repeatable: --serve-arg=--max-wait-ms=0 tries "
                    + "another batching setting. The bench sets --bundle, --port, --threads, --provider and "
                    + "--no-batching itself.")
    List<String> serveArgs = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || calls < 10 || clients < 1 || rounds < 1 || seconds <= 0 || engineSeconds <= 0
                || warmupSeconds < 0) {
            throw new IllegalArgumentException("need --batch >= 1, --calls >= 10, --clients >= 1, --rounds >= 1, "
                    + "--seconds > 0, --engine-seconds > 0 and --warmup-seconds >= 0");
        }
        int n = BenchThreads.configure(threads);
        Path checkpoint = Files.isDirectory(run) ? run.resolve(Checkpoint.FILE_NAME) : run;
        if (!Files.isRegularFile(checkpoint)) {
            throw new IOException(checkpoint + ": no checkpoint there (run ./ali demo first, or pass --run RUN)");
        }
        Path temporary = null;
        Path dir = bundle;
        if (dir == null) {
            temporary = Files.createTempDirectory("ali4j-bench-bundle");
            dir = temporary.resolve("bundle");
            BundleExporter.export(checkpoint, dir);
        }
        try {
            return report(checkpoint, dir, n);
        } finally {
            if (temporary != null) {
                try (Stream<Path> files = Files.walk(temporary)) {
                    for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private int report(Path checkpoint, Path dir, int n) throws Exception {
        double loadBefore = RuntimeBenchmark.loadAverage();
        BundleManifest manifest;
        RuntimeBenchmark.Engine ort;
        RuntimeBenchmark.Engine ortSpinning = null;
        RuntimeBenchmark.Engine djl;
        double difference;
        double inProcessLoad;
        ExecutionProvider used;
        int[] sizes = {1, 8, batch};
        double[] cpuPerImage = new double[sizes.length];
        long start = System.nanoTime();
        try (OnnxLatentModel model = RuntimeBenchmark.loadOnnx(dir, n, false, provider)) {
            inProcessLoad = (System.nanoTime() - start) / 1e9;
            manifest = model.manifest();
            used = model.executionProvider();
            ImageSpec spec = manifest.image();
            out().printf(Locale.ROOT, "ali4j runtime benchmark: %s (%s, %s, latent %d), %d thread(s), "
                    + "ONNX Runtime on %s, load average %.2f on %d cores%n", dir, manifest.training().architecture(),
                    spec, manifest.latent().size(), n, used, loadBefore, Runtime.getRuntime().availableProcessors());
            RuntimeBenchmark.Reconstruct onnx = RuntimeBenchmark.onnx(model);
            try (NDManager manager = NDManager.newBaseManager()) {
                LatentNetworks networks = Checkpoint.loadForInference(checkpoint, manager);
                RuntimeBenchmark.Reconstruct torch = RuntimeBenchmark.djl(networks, manager, spec);
                difference = RuntimeBenchmark.maxDifference(onnx, torch, spec, 7);
                out().printf(Locale.ROOT, "reconstruct x -> G(mu(x)), same networks: max |ONNX Runtime - DJL| = "
                        + "%.2e%n", difference);
                ort = RuntimeBenchmark.time(onnx, spec, batch, calls, engineSeconds, 1);
                djl = RuntimeBenchmark.time(torch, spec, batch, calls, engineSeconds, 1);
            }
            if (spin) {
                try (OnnxLatentModel spinning = RuntimeBenchmark.loadOnnx(dir, n, true, provider)) {
                    ortSpinning = RuntimeBenchmark.time(RuntimeBenchmark.onnx(spinning), spec, batch, calls,
                            engineSeconds, 1);
                }
            }
            out().printf(Locale.ROOT, "  %-34s %14s %18s %8s%n", "", "ONNX Runtime " + shortVersion(),
                    "DJL " + Versions.DJL + " PyTorch " + Versions.PYTORCH, "ratio");
            out().printf(Locale.ROOT, "  %-34s %11.3f ms %15.3f ms %7.1fx%n",
                    "latency, batch 1 (median of " + calls + ")", ort.latencyMillisP50(), djl.latencyMillisP50(),
                    djl.latencyMillisP50() / ort.latencyMillisP50());
            out().printf(Locale.ROOT, "  %-34s %8.0f img/s %12.0f img/s %7.1fx%n", "throughput, batch " + batch,
                    ort.imagesPerSecond(), djl.imagesPerSecond(), ort.imagesPerSecond() / djl.imagesPerSecond());
            if (ortSpinning != null) {
                out().printf(Locale.ROOT, "  ONNX Runtime with spinning threads: batch 1 %.3f ms (%.1fx DJL), "
                        + "batch %d %.0f img/s (%.1fx DJL)%n", ortSpinning.latencyMillisP50(),
                        djl.latencyMillisP50() / ortSpinning.latencyMillisP50(), batch, ortSpinning.imagesPerSecond(),
                        ortSpinning.imagesPerSecond() / djl.imagesPerSecond());
            }

            // The process's CPU time is the measure: DJL and the spinning model are closed by now,
            // and this model's threads sleep between calls.
            StringBuilder line = new StringBuilder("ONNX Runtime CPU time per image:");
            for (int i = 0; i < sizes.length; i++) {
                cpuPerImage[i] = RuntimeBenchmark.cpuMillisPerImage(onnx, spec, sizes[i], 2);
                line.append(String.format(Locale.ROOT, " batch %d %.3f ms%s", sizes[i], cpuPerImage[i],
                        i == sizes.length - 1 ? "" : ","));
            }
            out().println(line);
        }

        byte[] png = RuntimeBenchmark.png(manifest.image(), 3);
        String settings = serveArgs.isEmpty() ? "defaults: batching up to 64 images, waiting at most 1 ms"
                : String.join(" ", serveArgs);
        out().printf(Locale.ROOT, "ali serve (%s), POST /v1/reconstruct, %d clients on loopback, %.1f s per mode "
                + "and round after %.1f s warm-up, server and clients on the same cores%n", settings, clients, seconds,
                warmupSeconds);
        out().printf(Locale.ROOT, "  %-30s %11s %8s %8s %7s %12s %14s%n", "", "requests/s", "p50 ms", "p99 ms",
                "errors", "images/call", "requests/CPU-s");
        List<RuntimeBenchmark.Serving> ons = new ArrayList<>();
        List<RuntimeBenchmark.Serving> offs = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            ons.add(row("on, round " + r,
                    RuntimeBenchmark.serve(dir, true, n, provider, serveArgs, clients, warmupSeconds, seconds, png)));
            offs.add(row("off, round " + r,
                    RuntimeBenchmark.serve(dir, false, n, provider, serveArgs, clients, warmupSeconds, seconds, png)));
        }
        RuntimeBenchmark.Serving on = RuntimeBenchmark.combine(ons);
        RuntimeBenchmark.Serving off = RuntimeBenchmark.combine(offs);
        if (rounds > 1) {
            row("micro-batching on, all rounds", on);
            row("micro-batching off, all rounds", off);
        }
        out().printf(Locale.ROOT, "  %-30s %10.1fx %8.1fx %43.1fx%n", "ratio on / off",
                on.requestsPerSecond() / off.requestsPerSecond(), off.p50Millis() / on.p50Millis(),
                on.requestsPerCpuSecond() / off.requestsPerCpuSecond());
        out().printf(Locale.ROOT, "  (requests/CPU-s: requests per second of CPU time of the serving process; on a "
                + "shared machine it does not depend on the share of the cores the process got)%n");
        out().printf(Locale.ROOT, "model load time: %.3f s in the server process (%.3f s in this one)%n",
                on.loadSeconds(), inProcessLoad);
        out().printf(Locale.ROOT, "peak RSS of the serving process: %.0f MiB with batching, %.0f MiB without%n",
                on.peakRssBytes() / 1048576.0, off.peakRssBytes() / 1048576.0);
        double loadAfter = RuntimeBenchmark.loadAverage();
        out().printf(Locale.ROOT, "load average at the end: %.2f%n", loadAfter);
        if (json != null) {
            writeJson(manifest, n, used, difference, ort, ortSpinning, djl, cpuPerImage, on, off, loadBefore,
                    loadAfter);
        }
        return on.errors() + off.errors() == 0 ? 0 : 1;
    }

    /** The command line's writer: every line of the report goes there. */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private RuntimeBenchmark.Serving row(String label, RuntimeBenchmark.Serving s) {
        out().printf(Locale.ROOT, "  %-30s %11.0f %8.2f %8.2f %7d %12.1f %14.0f%n", label, s.requestsPerSecond(),
                s.p50Millis(), s.p99Millis(), s.errors(), s.imagesPerCall(), s.requestsPerCpuSecond());
        return s;
    }

    private void writeJson(BundleManifest manifest, int n, ExecutionProvider used, double difference,
            RuntimeBenchmark.Engine ort, RuntimeBenchmark.Engine ortSpinning, RuntimeBenchmark.Engine djl, double[] cpuPerImage,
            RuntimeBenchmark.Serving on, RuntimeBenchmark.Serving off, double loadBefore, double loadAfter)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = mapper.createObjectNode();
        out.put("architecture", manifest.training().architecture()).put("threads", n).put("batch", batch);
        out.put("execution_provider", used.toString());
        out.set("serve_args", mapper.valueToTree(serveArgs));
        out.put("max_abs_difference", difference);
        out.set("onnxruntime", mapper.valueToTree(ort));
        if (ortSpinning != null) {
            out.set("onnxruntime_spinning", mapper.valueToTree(ortSpinning));
        }
        out.set("djl", mapper.valueToTree(djl));
        out.putObject("onnxruntime_cpu_ms_per_image").put("batch_1", cpuPerImage[0]).put("batch_8", cpuPerImage[1])
                .put("batch_" + batch, cpuPerImage[2]);
        out.set("server_batching_on", mapper.valueToTree(on));
        out.set("server_batching_off", mapper.valueToTree(off));
        out.put("load_average_before", loadBefore).put("load_average_after", loadAfter);
        byte[] bytes = mapper.writeValueAsBytes(out);
        AtomicFiles.write(json, stream -> stream.write(bytes));
    }

    private static String shortVersion() {
        Package p = ai.onnxruntime.OrtEnvironment.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "" : v;
    }
}
