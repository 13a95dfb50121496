package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a user of the published artifacts relies on, checked against the repository's poms and docs: switchboard-bom
 * names every library module at the reactor's version, repeats the parent's Maven Central metadata (it has no parent),
 * and the docs show that same version wherever they name a Switchboard artifact.
 */
class ReleaseArtifactsTest {

    static final Path ROOT = Path.of(System.getProperty("switchboard.root", ".."));

    /**
     * Jar modules built but not meant as dependencies: the benchmarks and the fault-injection suite (modules of other
     * packagings, a Maven plugin or an archetype, are not imported either and are left out by packaging).
     */
    static final List<String> NOT_IN_BOM = List.of("switchboard-bench", "switchboard-faults");

    @Test
    void bom_managesEveryLibraryModuleAtTheReactorVersion() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom/pom.xml"));
        String version = text(parent, "version");

        List<String> libraries = new ArrayList<>();
        for (Element module : children(child(parent, "modules"), "module")) {
            Element pom = pom(ROOT.resolve(module.getTextContent()).resolve("pom.xml"));
            String packaging = child(pom, "packaging") == null ? "jar" : text(pom, "packaging");
            if (packaging.equals("jar") && !NOT_IN_BOM.contains(text(pom, "artifactId"))) {
                libraries.add(text(pom, "artifactId"));
            }
        }
        List<String> managed = new ArrayList<>();
        for (Element dep : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertThat(text(dep, "version")).as(text(dep, "artifactId")).isEqualTo("${project.version}");
            managed.add(text(dep, "artifactId"));
        }

        assertThat(text(bom, "version")).isEqualTo(version);
        assertThat(managed).containsExactlyInAnyOrderElementsOf(libraries);
    }

    @Test
    void bom_repeatsTheParentsCentralMetadata() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom/pom.xml"));
        String url = text(child(parent, "properties"), "switchboard.url");
        String version = text(parent, "version");

        assertThat(text(bom, "url")).isEqualTo(url);
        assertThat(text(child(bom, "scm"), "url")).isEqualTo(url);
        assertThat(text(child(bom, "scm"), "connection")).isEqualTo("scm:git:" + url + ".git");
        assertThat(text(child(bom, "scm"), "tag")).isEqualTo("v" + version);
        assertThat(child(bom, "licenses").getTextContent().strip())
                .isEqualTo(child(parent, "licenses").getTextContent().strip());
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    }

    @Test
    void docs_nameTheReactorVersionForEverySwitchboardArtifact() throws Exception {
        String version = text(pom(ROOT.resolve("pom.xml")), "version");
        Pattern dependency = Pattern.compile(
                "<artifactId>(switchboard-[a-z-]+)</artifactId>\\s*<version>([^<]+)</version>");

        List<String> stale = new ArrayList<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : Stream.concat(Stream.of(ROOT.resolve("README.md")), docs).toList()) {
                Matcher m = dependency.matcher(Files.readString(doc));
                while (m.find()) {
                    if (!m.group(2).equals(version)) {
                        stale.add(ROOT.relativize(doc) + ": " + m.group(1) + " " + m.group(2));
                    }
                }
            }
        }

        assertThat(stale).as("docs naming another version than the reactor's " + version).isEmpty();
    }

    static Element pom(Path file) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    static Element child(Element parent, String name) {
        for (Element e : children(parent, name)) {
            return e;
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    static String text(Element parent, String name) throws IOException {
        Element e = child(parent, name);
        if (e == null) {
            throw new IOException("no <" + name + "> in <" + parent.getTagName() + ">");
        }
        return e.getTextContent().strip();
    }
}
