package io.mlin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine runs without Jenkins: the plugin is a shell over it, never the other way round. */
class ArchitectureTest {
    private static final Pattern JENKINS_IMPORT =
            Pattern.compile("^\\s*import\\s+(static\\s+)?(hudson|jenkins|org\\.kohsuke|org\\.jenkinsci)\\.", Pattern.MULTILINE);

    @Test
    void engineImportsNoJenkinsClasses() throws IOException {
        Path sources = Path.of("src", "main", "java");
        assertTrue(Files.isDirectory(sources), "run from the engine module: " + sources.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            return JENKINS_IMPORT.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), offenders, "engine classes must not import hudson.*, jenkins.* or org.kohsuke.*");
    }

    @Test
    void theGuardRecognisesAJenkinsImport() {
        assertTrue(JENKINS_IMPORT.matcher("package x;\nimport hudson.FilePath;\n").find());
        assertTrue(JENKINS_IMPORT.matcher("import static jenkins.model.Jenkins.get;\n").find());
        assertTrue(!JENKINS_IMPORT.matcher("import io.jenkins.plugins.Foo;\n").find());
    }
}
