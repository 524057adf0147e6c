package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.trainer.arch.SlotKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectiveTest {

    @TempDir
    Path dir;

    static List<String> presets() {
        return Objectives.names();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetCompiles(String name) {
        Objective objective = Objectives.preset(name);
        assertEquals(name, objective.name());
        assertTrue(objective.classes() >= 2);
    }

    /** The objective files docs/RESULTS.md trains with compile (the tests run in trainer-djl/). */
    @Test
    void theBenchmarksObjectiveFilesCompile() throws IOException {
        List<Path> files;
        try (var listing = Files.list(Path.of("bench", "objectives"))) {
            files = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "bench/objectives holds " + files);
        for (Path file : files) {
            Objective objective = Objectives.read(file);
            assertEquals(file.getFileName().toString().replace(".json", ""), objective.name(), file.toString());
            assertFalse(objective.reconstructions().isEmpty(), file + " is an ALICE variant");
        }
    }

    @Test
    void presetsHaveThePapersShapes() {
        assertEquals(List.of(SlotKind.IMAGE, SlotKind.LATENT), Objectives.preset("ali").slotKinds());
        assertTrue(Objectives.preset("bigan").deterministicEncoder());
        assertFalse(Objectives.preset("ali").deterministicEncoder());
        assertEquals(1f, Objectives.preset("alice").lambda());
        // alice-mu reconstructs G(mu(x)), what every runtime call decodes, not G(E(x)).
        Objective aliceMu = Objectives.preset("alice-mu");
        assertEquals(List.of(SlotKind.IMAGE, SlotKind.LATENT), aliceMu.slotKinds());
        assertEquals(Operation.ENCODE_MEAN, aliceMu.definitions().get("mx").op());
        assertEquals(List.of("mx"), aliceMu.definitions().get("rx").args());
        assertFalse(aliceMu.deterministicEncoder(), "D sees E(x) samples, as in alice");
        assertEquals(1f, aliceMu.lambda());
        assertEquals(4, Objectives.preset("gali-4").classes());
        Objective gali8 = Objectives.preset("gali-8");
        assertEquals(8, gali8.classes());
        assertEquals(List.of(SlotKind.IMAGE, SlotKind.LATENT, SlotKind.IMAGE, SlotKind.LATENT), gali8.slotKinds());
        Objective pretrained = Objectives.preset("gali-pretrained");
        assertEquals(List.of(SlotKind.IMAGE, SlotKind.LATENT, SlotKind.FEATURE), pretrained.slotKinds());
        assertTrue(pretrained.usesFeatures());
        Objective mix = Objectives.preset("gali-mix");
        assertEquals(8, mix.classes());
        assertTrue(mix.usesMasks());
        // The encoder only ever sees masked images.
        for (Objective.Definition d : mix.definitions().values()) {
            if (d.op() == Operation.ENCODE) {
                assertEquals(Operation.MASK, mix.definitions().get(d.args().get(0)).op(), d.toString());
            }
        }
    }

    @Test
    void anUnknownPresetListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Objectives.preset("gali-5"));
        assertTrue(e.getMessage().contains("gali-4"), e.getMessage());
    }

    private static ObjectiveSpec spec(Map<String, String> variables, List<List<String>> tuples) {
        return new ObjectiveSpec("mine", null, null, variables, tuples, null, null);
    }

    private static String fault(ObjectiveSpec spec) {
        return assertThrows(IllegalArgumentException.class, () -> Objective.compile(spec)).getMessage();
    }

    @Test
    void anUnknownVariableIsNamed() {
        String m = fault(spec(Map.of("ex", "E(x)"), List.of(List.of("x", "ex"), List.of("gz", "z"))));
        assertTrue(m.contains("unknown variable 'gz'"), m);
        m = fault(spec(Map.of("ex", "E(y)"), List.of(List.of("x", "ex"), List.of("x", "z"))));
        assertTrue(m.contains("unknown variable 'y'"), m);
    }

    @Test
    void fewerThanTwoTuplesAreRejected() {
        String m = fault(spec(Map.of("ex", "E(x)"), List.of(List.of("x", "ex"))));
        assertTrue(m.contains("at least 2 tuples"), m);
    }

    @Test
    void identicalTuplesAreRejected() {
        String m = fault(spec(Map.of("ex", "E(x)"), List.of(List.of("x", "ex"), List.of("x", "z"), List.of("x", "ex"))));
        assertTrue(m.contains("tuples 0 and 2 are identical"), m);
    }

    @Test
    void aSlotOfTheWrongKindIsRejected() {
        String m = fault(spec(Map.of("gz", "G(z)"), List.of(List.of("x", "z"), List.of("z", "gz"))));
        assertTrue(m.contains("slot 0 of tuple 1 is 'z', a latent, but tuple 0 has an image there"), m);
        m = fault(spec(Map.of("gz", "G(z)"), List.of(List.of("x", "z"), List.of("gz", "z", "x"))));
        assertTrue(m.contains("has 3 slots"), m);
    }

    @Test
    void anOperationOnTheWrongKindIsRejected() {
        String m = fault(spec(Map.of("bad", "E(z)"), List.of(List.of("x", "z"), List.of("x", "bad"))));
        assertTrue(m.contains("E takes an image but 'z' is a latent"), m);
        m = fault(spec(Map.of("bad", "F(x)"), List.of(List.of("x", "z"), List.of("x", "bad"))));
        assertTrue(m.contains("unknown operation 'F'"), m);
        m = fault(spec(Map.of("bad", "G(E(x))"), List.of(List.of("x", "z"), List.of("bad", "z"))));
        assertTrue(m.contains("one operation per variable"), m);
    }

    @Test
    void aCycleIsRejected() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("a", "E(b)");
        variables.put("b", "G(a)");
        String m = fault(spec(variables, List.of(List.of("x", "a"), List.of("b", "z"))));
        assertTrue(m.contains("depends on itself"), m);
    }

    @Test
    void aUserFileCanAddATupleTypeWithoutJava() throws IOException {
        Path yaml = dir.resolve("ali-plus.yaml");
        Files.writeString(yaml, String.join("\n",
                "# ALI plus the cycle tuple (G(E(G(z))), z)",
                "encoder: stochastic",
                "variables:",
                "  ex: E(x)",
                "  gz: G(z)",
                "  egz: E(gz)",
                "  rgz: G(egz)",
                "tuples:",
                "  - [x, ex]",
                "  - [gz, z]",
                "  - [rgz, z]",
                ""));
        Objective objective = Objectives.read(yaml);
        assertEquals("ali-plus", objective.name());
        assertEquals(3, objective.classes());

        Path json = dir.resolve("gali4.json");
        Files.writeString(json, Objectives.toJson(Objectives.presetSpec("gali-4")));
        assertEquals(Objectives.preset("gali-4").tuples(), Objectives.read(json).tuples());
    }

    @Test
    void theExampleInTheDocsIsValid() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "OBJECTIVES.md"));
        String yaml = doc.substring(doc.indexOf("```yaml") + 7, doc.indexOf("```", doc.indexOf("```yaml") + 7));
        Path file = dir.resolve("example.yaml");
        Files.writeString(file, yaml);
        Objective objective = Objectives.read(file);
        assertEquals("alice-plus-cycle", objective.name());
        assertEquals(3, objective.classes());
        assertEquals(1, objective.reconstructions().size());
    }

    @Test
    void aBrokenFileNamesTheFileAndTheFault() throws IOException {
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"variables\": {\"ex\": \"E(x)\"}, \"tupels\": [[\"x\", \"ex\"]]}");
        IOException e = assertThrows(IOException.class, () -> Objectives.read(typo));
        assertTrue(e.getMessage().contains("typo.json") && e.getMessage().contains("tupels"), e.getMessage());

        Path invalid = dir.resolve("invalid.json");
        Files.writeString(invalid, "{\"variables\": {\"ex\": \"E(x)\"}, \"tuples\": [[\"x\", \"ex\"]]}");
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> Objectives.read(invalid));
        assertTrue(f.getMessage().contains("invalid.json") && f.getMessage().contains("at least 2 tuples"),
                f.getMessage());

        IOException missing = assertThrows(IOException.class, () -> Objectives.read(dir.resolve("absent.yaml")));
        assertTrue(missing.getMessage().contains("no such objective file"), missing.getMessage());
    }
}
