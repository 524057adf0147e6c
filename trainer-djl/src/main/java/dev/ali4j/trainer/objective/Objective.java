package dev.ali4j.trainer.objective;

import dev.ali4j.trainer.arch.SlotKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked tuple objective: every variable resolved to an {@link Operation} with a kind, every
 * tuple's slots of the same kinds. ALI is the case K = 2 with tuples (x, E(x)) and (G(z), z); the
 * GALI variants only declare more variables and tuples. The losses are {@link TupleLosses}'.
 */
public final class Objective {

    private static final Pattern CALL = Pattern.compile("\\s*([A-Za-z]+)\\s*\\((.*)\\)\\s*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_']*");

    /** One variable: {@code name = op(args)}. */
    public record Definition(String name, Operation op, List<String> args, SlotKind kind) {}

    /** One explicit reconstruction term: lambda * mean((target - reconstruction)^2). */
    public record Reconstruction(String target, String reconstruction) {}

    private final ObjectiveSpec spec;
    private final boolean deterministicEncoder;
    private final Map<String, Definition> definitions;
    private final List<List<String>> tuples;
    private final List<SlotKind> slotKinds;
    private final List<Reconstruction> reconstructions;

    private Objective(ObjectiveSpec spec, boolean deterministicEncoder, Map<String, Definition> definitions,
            List<List<String>> tuples, List<SlotKind> slotKinds, List<Reconstruction> reconstructions) {
        this.spec = spec;
        this.deterministicEncoder = deterministicEncoder;
        this.definitions = Collections.unmodifiableMap(definitions);
        this.tuples = tuples;
        this.slotKinds = slotKinds;
        this.reconstructions = reconstructions;
    }

    /**
     * Checks {@code spec}.
     *
     * @throws IllegalArgumentException naming the fault: an unknown variable or operation, an
     *     argument of the wrong kind, fewer than 2 tuples, two identical tuples, tuples of
     *     different lengths, a slot of the wrong kind, a variable that depends on itself
     */
    public static Objective compile(ObjectiveSpec spec) {
        String name = spec.name() == null || spec.name().isBlank() ? "objective" : spec.name();
        boolean deterministic = parseEncoder(name, spec.encoder());
        Map<String, Definition> definitions = new LinkedHashMap<>();
        definitions.put("x", new Definition("x", Operation.DATA, List.of(), SlotKind.IMAGE));
        definitions.put("z", new Definition("z", Operation.PRIOR, List.of(), SlotKind.LATENT));
        for (String variable : spec.variables().keySet()) {
            if (!NAME.matcher(variable).matches()) {
                throw fault(name, "variable name '" + variable + "' is not a name (letters, digits, _ and ')");
            }
            if (variable.equals("x") || variable.equals("z")) {
                throw fault(name, "variable '" + variable + "' is predefined (x: the data, z: the prior) and cannot be redefined");
            }
        }
        for (String variable : spec.variables().keySet()) {
            resolve(name, spec.variables(), variable, definitions, new HashSet<>());
        }
        if (spec.tuples().size() < 2) {
            throw fault(name, "needs at least 2 tuples (one per class of D), found " + spec.tuples().size());
        }
        List<List<String>> tuples = new ArrayList<>();
        List<SlotKind> slotKinds = null;
        for (int k = 0; k < spec.tuples().size(); k++) {
            List<String> tuple = spec.tuples().get(k);
            if (tuple == null || tuple.isEmpty()) {
                throw fault(name, "tuple " + k + " is empty");
            }
            List<SlotKind> kinds = new ArrayList<>();
            for (String variable : tuple) {
                kinds.add(known(name, definitions, variable, "tuple " + k).kind());
            }
            if (slotKinds == null) {
                slotKinds = kinds;
            } else if (kinds.size() != slotKinds.size()) {
                throw fault(name, "tuple " + k + " " + tuple + " has " + kinds.size() + " slots, tuple 0 has "
                        + slotKinds.size());
            } else {
                for (int i = 0; i < kinds.size(); i++) {
                    if (kinds.get(i) != slotKinds.get(i)) {
                        throw fault(name, "slot " + i + " of tuple " + k + " is '" + tuple.get(i) + "', "
                                + article(kinds.get(i)) + ", but tuple 0 has " + article(slotKinds.get(i))
                                + " there: every tuple must have the same kinds in the same slots");
                    }
                }
            }
            int same = tuples.indexOf(tuple);
            if (same >= 0) {
                throw fault(name, "tuples " + same + " and " + k + " are identical " + tuple
                        + ": D cannot tell apart two classes drawn from one distribution");
            }
            tuples.add(List.copyOf(tuple));
        }
        List<Reconstruction> reconstructions = new ArrayList<>();
        for (List<String> pair : spec.reconstruction()) {
            if (pair == null || pair.size() != 2) {
                throw fault(name, "each reconstruction term is a pair [target, reconstruction], got " + pair);
            }
            SlotKind a = known(name, definitions, pair.get(0), "reconstruction").kind();
            SlotKind b = known(name, definitions, pair.get(1), "reconstruction").kind();
            if (a != b || a == SlotKind.FEATURE) {
                throw fault(name, "reconstruction " + pair + " compares " + article(a) + " with " + article(b)
                        + "; compare two images or two latents");
            }
            reconstructions.add(new Reconstruction(pair.get(0), pair.get(1)));
        }
        if (!(spec.lambdaOrZero() >= 0) || Float.isInfinite(spec.lambdaOrZero())) {
            throw fault(name, "lambda must be a finite number >= 0, got " + spec.lambda());
        }
        return new Objective(spec, deterministic, definitions, List.copyOf(tuples), List.copyOf(slotKinds),
                List.copyOf(reconstructions));
    }

    private static Definition resolve(String objective, Map<String, String> source, String variable,
            Map<String, Definition> done, Set<String> visiting) {
        Definition existing = done.get(variable);
        if (existing != null) {
            return existing;
        }
        String text = source.get(variable);
        if (!visiting.add(variable)) {
            throw fault(objective, "variable '" + variable + "' depends on itself");
        }
        Matcher call = text == null ? null : CALL.matcher(text);
        if (call == null || !call.matches()) {
            throw fault(objective, "variable '" + variable + "' = '" + text + "' is not OP(args); "
                    + "operations: " + Operation.signatures());
        }
        Operation op = Operation.bySymbol(call.group(1));
        if (op == null) {
            throw fault(objective, "variable '" + variable + "' uses unknown operation '" + call.group(1)
                    + "' (known: " + Operation.signatures() + ")");
        }
        List<String> args = new ArrayList<>();
        for (String arg : call.group(2).split(",", -1)) {
            args.add(arg.strip());
        }
        if (args.size() != op.inputs().size()) {
            throw fault(objective, "variable '" + variable + "': " + op.symbol() + " takes " + op.inputs().size()
                    + " argument(s), got " + args.size() + " in '" + text + "'");
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!done.containsKey(arg) && !source.containsKey(arg)) {
                throw fault(objective, "variable '" + variable + "' = '" + text + "' uses unknown variable '" + arg
                        + "'" + (NAME.matcher(arg).matches() ? "" : " (one operation per variable: name the inner result)"));
            }
            SlotKind kind = resolve(objective, source, arg, done, visiting).kind();
            if (kind != op.inputs().get(i)) {
                throw fault(objective, "variable '" + variable + "' = '" + text + "': " + op.symbol() + " takes "
                        + article(op.inputs().get(i)) + " but '" + arg + "' is " + article(kind));
            }
        }
        visiting.remove(variable);
        Definition definition = new Definition(variable, op, List.copyOf(args), op.output());
        done.put(variable, definition);
        return definition;
    }

    private static Definition known(String objective, Map<String, Definition> definitions, String variable, String where) {
        Definition d = variable == null ? null : definitions.get(variable);
        if (d == null) {
            throw fault(objective, where + " uses unknown variable '" + variable + "' (defined: "
                    + String.join(", ", definitions.keySet()) + ")");
        }
        return d;
    }

    private static boolean parseEncoder(String objective, String encoder) {
        if (encoder == null || encoder.equalsIgnoreCase("stochastic")) {
            return false;
        }
        if (encoder.equalsIgnoreCase("deterministic")) {
            return true;
        }
        throw fault(objective, "encoder must be 'stochastic' or 'deterministic', got '" + encoder + "'");
    }

    private static String article(SlotKind kind) {
        return (kind == SlotKind.IMAGE ? "an " : "a ") + kind.label();
    }

    private static IllegalArgumentException fault(String objective, String message) {
        return new IllegalArgumentException("objective " + objective + ": " + message);
    }

    /** The declaration this was compiled from. */
    public ObjectiveSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name() == null ? "objective" : spec.name();
    }

    /** True for BiGAN's E(x) = mu(x); false for ALI's reparameterised sample. */
    public boolean deterministicEncoder() {
        return deterministicEncoder;
    }

    /** Every variable, x and z first, each after the variables it uses. */
    public Map<String, Definition> definitions() {
        return definitions;
    }

    /** Tuple k is D's class k. */
    public List<List<String>> tuples() {
        return tuples;
    }

    /** K, the number of tuple types and of D's classes. */
    public int classes() {
        return tuples.size();
    }

    /** The kind of each slot, the same for every tuple. */
    public List<SlotKind> slotKinds() {
        return slotKinds;
    }

    public List<Reconstruction> reconstructions() {
        return reconstructions;
    }

    public float lambda() {
        return spec.lambdaOrZero();
    }

    /**
     * Whether D's class 0 is the data pair (x, E(x)) on (image, latent) tuples, as in ALI, BiGAN,
     * ALICE and GALI-4: then D(x, mu(x)) means something for a single image, and the bundle
     * carries D for anomaly scores.
     */
    public boolean firstTupleIsDataPair() {
        List<String> first = tuples.get(0);
        if (!slotKinds.equals(List.of(SlotKind.IMAGE, SlotKind.LATENT)) || !first.get(0).equals("x")) {
            return false;
        }
        Definition code = definitions.get(first.get(1));
        return code.op() == Operation.ENCODE && code.args().equals(List.of("x"));
    }

    /** Whether some variable needs the frozen pre-trained model M. */
    public boolean usesFeatures() {
        return uses(Operation.FEATURES);
    }

    /** Whether some variable needs the step's random rectangles. */
    public boolean usesMasks() {
        return uses(Operation.MASK) || uses(Operation.MIX);
    }

    private boolean uses(Operation op) {
        return definitions.values().stream().anyMatch(d -> d.op() == op);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT) + " (K=" + classes() + ", tuples " + tuples + ")";
    }
}
