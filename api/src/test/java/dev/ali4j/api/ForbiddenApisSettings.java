package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import de.thetaphi.forbiddenapis.Checker;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The forbiddenapis check as the build runs it, read from where the build reads it: the
 * {@code android-safety} execution of the parent pom, over the plugin's own defaults (its
 * {@code plugin.xml}), so that {@link AndroidSafetyRuleTest} cannot drift from the build.
 */
final class ForbiddenApisSettings {
    private static final String EXECUTION = "android-safety";
    private static final String ROOT_PROPERTY = "${maven.multiModuleProjectDirectory}";

    private final EnumSet<Checker.Option> options;
    private final List<Path> signaturesFiles;

    private ForbiddenApisSettings(EnumSet<Checker.Option> options, List<Path> signaturesFiles) {
        this.options = options;
        this.signaturesFiles = signaturesFiles;
    }

    /** The checker's options, e.g. FAIL_ON_VIOLATION for {@code <failOnViolation>true}. */
    EnumSet<Checker.Option> options() {
        return options;
    }

    /** The signatures files the execution lists, resolved against the repository root. */
    List<Path> signaturesFiles() {
        return signaturesFiles;
    }

    /**
     * @param root the repository root, holding the parent {@code pom.xml}
     * @throws AssertionError if the execution sets anything this class does not reproduce
     */
    static ForbiddenApisSettings ofBuild(Path root) throws Exception {
        Map<String, Boolean> flags = pluginDefaults();
        List<Path> signatures = new ArrayList<>();
        for (Element setting : children(executionConfiguration(root.resolve("pom.xml")))) {
            String name = setting.getTagName();
            if (name.equals("signaturesFiles")) {
                for (Element file : children(setting)) {
                    signatures.add(Path.of(file.getTextContent().trim().replace(ROOT_PROPERTY, root.toString())));
                }
            } else if (flags.containsKey(name)) {
                flags.put(name, Boolean.parseBoolean(setting.getTextContent().trim()));
            } else {
                fail("the " + EXECUTION + " execution sets <" + name + ">, which " + AndroidSafetyRuleTest.class
                        .getSimpleName() + " does not reproduce: teach " + ForbiddenApisSettings.class.getSimpleName());
            }
        }
        EnumSet<Checker.Option> options = EnumSet.noneOf(Checker.Option.class);
        for (Checker.Option option : Checker.Option.values()) {
            if (flags.get(parameterName(option))) {
                options.add(option);
            }
        }
        return new ForbiddenApisSettings(options, signatures);
    }

    /** {@code FAIL_ON_MISSING_CLASSES} -> {@code failOnMissingClasses}, as the Maven plugin names it. */
    private static String parameterName(Checker.Option option) {
        StringBuilder name = new StringBuilder();
        for (String word : option.name().toLowerCase(Locale.ROOT).split("_")) {
            name.append(name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    /** The default of every checker option in the plugin's {@code check} goal. */
    private static Map<String, Boolean> pluginDefaults() throws Exception {
        URL jar = Checker.class.getProtectionDomain().getCodeSource().getLocation();
        URI descriptor = URI.create("jar:" + jar + "!/META-INF/maven/plugin.xml");
        Document plugin;
        try (InputStream in = descriptor.toURL().openStream()) {
            plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Element check = null;
        for (Element mojo : elements(plugin.getDocumentElement(), "mojo")) {
            if (text(mojo, "goal").equals("check")) {
                check = mojo;
            }
        }
        if (check == null) {
            fail(descriptor + " has no check goal");
        }
        Map<String, Boolean> defaults = new HashMap<>();
        for (Checker.Option option : Checker.Option.values()) {
            String name = parameterName(option);
            List<Element> setting = elements(onlyChild(check, "configuration"), name);
            assertEquals(1, setting.size(), "the plugin's check goal has no parameter " + name + " for " + option);
            defaults.put(name, Boolean.parseBoolean(setting.get(0).getAttribute("default-value")));
        }
        return defaults;
    }

    /** The {@code <configuration>} of the forbiddenapis execution {@value #EXECUTION} in {@code pom}. */
    private static Element executionConfiguration(Path pom) throws Exception {
        Document project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        for (Element plugin : elements(project.getDocumentElement(), "plugin")) {
            if (!text(plugin, "artifactId").equals("forbiddenapis")) {
                continue;
            }
            for (Element execution : elements(plugin, "execution")) {
                if (text(execution, "id").equals(EXECUTION)) {
                    return onlyChild(execution, "configuration");
                }
            }
        }
        throw new AssertionError(pom + " has no forbiddenapis execution " + EXECUTION);
    }

    /** Every {@code <tag>} below {@code parent}, at any depth. */
    private static List<Element> elements(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static List<Element> children(Element parent) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                found.add((Element) n);
            }
        }
        return found;
    }

    private static Element onlyChild(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Element child : children(parent)) {
            if (child.getTagName().equals(tag)) {
                found.add(child);
            }
        }
        assertEquals(1, found.size(), "<" + parent.getTagName() + "> should have one <" + tag + ">");
        return found.get(0);
    }

    private static String text(Element parent, String tag) {
        for (Element child : children(parent)) {
            if (child.getTagName().equals(tag)) {
                return child.getTextContent().trim();
            }
        }
        return "";
    }
}
