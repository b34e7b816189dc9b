package org.hares;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependencies flow one way between feature packages, and no package outgrows one room. */
class PackageStructureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hares");
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.hares.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void extractionKnowsNothingOfEvaluation() {
        noClasses().that().resideInAPackage("org.hares.embed..")
                .should().dependOnClassesThat().resideInAnyPackage("org.hares.eval..", "org.hares.train..")
                .check(classes);
    }

    @Test
    void headsAndReportsDoNotReachBackIntoTheEvaluator() {
        noClasses().that().resideInAnyPackage("org.hares.eval.heads..", "org.hares.eval.report..")
                .should().dependOnClassesThat().resideInAPackage("org.hares.eval")
                .check(classes);
        noClasses().that().resideInAPackage("org.hares.eval.report..")
                .should().dependOnClassesThat().resideInAPackage("org.hares.eval.heads..")
                .check(classes);
    }

    @Test
    void lowerLayersKnowNothingOfEmbeddingOrEvaluation() {
        noClasses().that().resideInAnyPackage("org.hares.audio..", "org.hares.frontend..", "org.hares.model..",
                        "org.hares.data..", "org.hares.io..")
                .should().dependOnClassesThat().resideInAnyPackage("org.hares.embed..", "org.hares.eval..")
                .check(classes);
    }

    @Test
    void audioAndFrontendDoNotNeedDjl() {
        noClasses().that().resideInAnyPackage("org.hares.audio..", "org.hares.frontend..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .check(classes);
    }

    @Test
    void noPackageHoldsMoreThanTwentySourceFiles() {
        Map<String, Long> perPackage = classes.stream()
                .filter(JavaClass::isTopLevelClass)
                .collect(Collectors.groupingBy(JavaClass::getPackageName, TreeMap::new, Collectors.counting()));
        assertThat(perPackage).isNotEmpty().allSatisfy((pkg, count) -> assertThat(count).as(pkg).isLessThanOrEqualTo(20));
    }
}
