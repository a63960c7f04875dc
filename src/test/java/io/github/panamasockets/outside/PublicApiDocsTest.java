package io.github.panamasockets.outside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rule for the public API, checked on the sources: every public top-level type of the exported
 * package has a class comment, and the comment shows an example ({@code {@snippet ...}}). (That the comments
 * are complete — every parameter, return value and exception — is doclint's job, run by the Javadoc build
 * with warnings as errors.)
 */
class PublicApiDocsTest {
    private static final Path API = Path.of("src", "main", "java", "io", "github", "panamasockets");
    private static final Pattern DECLARATION = Pattern.compile(
            "(?m)^public (?:final |sealed |abstract |non-sealed )*(?:class|interface|record|enum) (\\w+)");

    @Test
    void everyPublicTypeHasAClassCommentWithAnExample() throws IOException {
        List<String> lacking = new ArrayList<>();
        int types = 0;
        try (Stream<Path> files = Files.list(API)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String src = Files.readString(f);
                Matcher m = DECLARATION.matcher(src);
                if (!m.find()) {
                    continue;
                }
                types++;
                String before = src.substring(0, m.start());
                int open = before.lastIndexOf("/**");
                int close = before.lastIndexOf("*/");
                boolean commented = open >= 0 && close > open && before.substring(close + 2).strip().isEmpty();
                if (!commented) {
                    lacking.add(m.group(1) + ": no class comment");
                } else if (!before.substring(open, close).contains("{@snippet")) {
                    lacking.add(m.group(1) + ": no example");
                }
            }
        }
        assertTrue(types >= 30, "found only " + types + " public types under " + API);
        assertEquals(List.of(), lacking);
    }

    @Test
    void everyPackageHasADescription() throws IOException {
        // A package of the generated sources gets its description here too: src/generated is never hand-edited.
        Path root = Path.of("src", "main", "java");
        Path generated = Path.of("src", "generated", "java");
        List<Path> packages = new ArrayList<>();
        for (Path sources : List.of(root, generated)) {
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("module-info.java"))
                        .map(p -> sources.relativize(p.getParent())).distinct().forEach(packages::add);
            }
        }
        List<String> lacking = new ArrayList<>();
        for (Path pkg : packages.stream().distinct().sorted().toList()) {
            Path info = root.resolve(pkg).resolve("package-info.java");
            if (!(Files.exists(info) && Files.readString(info).strip().startsWith("/**"))) {
                lacking.add(pkg.toString());
            }
        }
        assertTrue(packages.size() >= 4, "found only " + packages);
        assertEquals(List.of(), lacking, "packages without a package-info.java comment");
    }
}
