package io.mlin.engine.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Make's reading of a package Makefile: joining, comments, argument splitting and expansion. */
class MakeRecipeParserTest {
    private static final Path MAKEFILE = Path.of("_pkgs", "p", "Makefile");
    private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private final List<Problem> problems = new ArrayList<>();

    private Recipe parse(String content) {
        return MakeRecipeParser.parse(MAKEFILE, content, problems);
    }

    private Problem onlyProblem() {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void continuationsJoinWithOneSpaceAndTheCallKeepsItsFirstLine() {
        List<MakeRecipeParser.LogicalLine> lines = MakeRecipeParser.logicalLines(
                "# c\n$(call x,  \\\n\t\t  a ,\\\n  b\t\\\n)\nnext\n");
        assertEquals(3, lines.size());
        assertEquals("$(call x, a , b )", lines.get(1).text());
        assertEquals(2, lines.get(1).line());
        assertEquals("next", lines.get(2).text());
        assertEquals(6, lines.get(2).line());
    }

    @Test
    void anEscapedBackslashAtTheEndDoesNotContinue() {
        List<MakeRecipeParser.LogicalLine> lines = MakeRecipeParser.logicalLines("a\\\\\nb\n");
        assertEquals(2, lines.size());
    }

    @Test
    void multiLineKconfigPackage() {
        Recipe r = parse("$(call kconfig-package,\\\n\thttps://busybox.net/downloads/busybox-1.36.1.tar.bz2,\\\n\t"
                + SHA + "\\\n)\n");
        assertNotNull(r, problems.toString());
        assertEquals(RecipeKind.KCONFIG, r.kind());
        assertEquals("https://busybox.net/downloads/busybox-1.36.1.tar.bz2", r.url());
        assertEquals(SHA, r.sha256());
        assertEquals("busybox-1.36.1.tar.bz2", r.tarballName());
        assertEquals("busybox-1.36.1", r.extractedFolderName());
        assertEquals(List.of(), r.flags());
        assertEquals(1, r.line());
    }

    @Test
    void sourcePackageTakesNoArguments() {
        Recipe r = parse("$(call source-package)\n");
        assertNotNull(r);
        assertEquals(RecipeKind.SOURCE, r.kind());
        assertNull(r.url());

        assertNull(parse("$(call source-package, https://x/y.tar.gz)\n"));
        assertTrue(onlyProblem().message().startsWith("source-package takes no arguments, found 1"), problems.toString());
    }

    @Test
    void commaDollarAndStripFollowMake() {
        Recipe r = parse("$(call configure-package, https://x.org/a-1.tar.xz ,  " + SHA
                + " ,  --with-x=a$(comma)b   X='$$$$1'   Y='p  q'  )");
        assertNotNull(r, problems.toString());
        // $(strip) collapses inner blanks even inside quotes; $$ is one $ after the call.
        assertEquals("--with-x=a,b X='$$1' Y='p q'", r.flagsText());
        assertEquals(List.of("--with-x=a,b", "X=$1", "Y=p q"), r.flags().stream().map(FlagWord::toString).toList());
    }

    @Test
    void aCommaInsideANestedReferenceDoesNotSplit() {
        // $(comma) is the documented way; a nested reference with commas is one argument too, and reported as unsupported.
        assertNull(parse("$(call configure-package, https://x.org/a-1.tar.gz, " + SHA + ", $(subst a,b,c))"));
        assertTrue(onlyProblem().message().startsWith("unsupported Make reference '$(subst a,b,c)'"), problems.toString());
    }

    @Test
    void commentsAndBlankLinesAroundTheCallAreIgnored() {
        Recipe r = parse("# a comment\n\n  $(call kernel-package, https://k.org/linux-6.1.tar.xz, " + SHA + ") # trailing\n");
        assertNotNull(r, problems.toString());
        assertEquals(3, r.line());
    }

    @Test
    void emptyMakefileAndExtraText() {
        assertNull(parse("# nothing\n"));
        Problem p = onlyProblem();
        assertEquals(0, p.line());
        assertTrue(p.message().startsWith("no recipe: expected one $(call source-package)"));

        problems.clear();
        parse("$(call source-package)\nFOO = bar\n");
        assertEquals(2, onlyProblem().line());
        assertTrue(onlyProblem().message().contains("a package Makefile holds a single $(call ...)"));
    }

    @Test
    void unterminatedCallAndTrailingText() {
        assertNull(parse("$(call kconfig-package, https://x.org/a.tar.gz, " + SHA + "\n"));
        assertTrue(onlyProblem().message().startsWith("unterminated $(call ..."), problems.toString());
        problems.clear();
        assertNull(parse("$(call source-package) extra\n"));
        assertTrue(onlyProblem().message().startsWith("unexpected text after the closing ')'"), problems.toString());
    }

    @Test
    void uppercaseShaIsExplained() {
        assertNull(parse("$(call kernel-package, https://k.org/linux-6.1.tar.xz, " + SHA.toUpperCase() + ")"));
        assertTrue(onlyProblem().message().contains("upper-case digits never match sha256sum's output"), problems.toString());
    }

    @Test
    void fileUrlsAreAccepted() {
        assertNotNull(parse("$(call kernel-package, file:///srv/mirror/linux-6.1.tar.gz, " + SHA + ")"), problems.toString());
    }

    @Test
    void everyArgumentProblemOfOneRecipeIsReported() {
        assertNull(parse("$(call kconfig-package, http://x.org/a.zip, 1234)"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("does not name a tarball"));
        assertTrue(problems.get(1).message().startsWith("malformed sha256 '1234'"));
    }
}
