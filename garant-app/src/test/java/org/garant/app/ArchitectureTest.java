package org.garant.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency arrows of docs/ARCHITECTURE.md: app → server → store → geo, server → monitor, plan; the pure modules stay pure. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.garant");

    @Test
    void geoDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.garant.geo..")
                .should().dependOnClassesThat().resideInAnyPackage("org.garant.monitor..", "org.garant.app..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void monitorDependsOnGeoOnly() {
        noClasses().that().resideInAPackage("org.garant.monitor..")
                .should().dependOnClassesThat().resideInAnyPackage("org.garant.app..", "picocli..", "java.sql..", "java.net.http..")
                .check(CLASSES);
    }

    @Test
    void planDependsOnGeoOnly() {
        noClasses().that().resideInAPackage("org.garant.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.garant.app..", "org.garant.monitor..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void thePureModulesKnowNoStoreAndNoServer() {
        noClasses().that().resideInAnyPackage("org.garant.geo..", "org.garant.monitor..", "org.garant.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.garant.store..", "org.garant.server..", "io.javalin..",
                        "org.jdbi..", "java.sql..")
                .check(CLASSES);
    }

    @Test
    void theStoreKnowsTablesNotDomainTypes() {
        noClasses().that().resideInAPackage("org.garant.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.garant.monitor..", "org.garant.plan..", "org.garant.server..",
                        "org.garant.app..", "io.javalin..")
                .check(CLASSES);
    }

    @Test
    void theServerDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("org.garant.server..")
                .should().dependOnClassesThat().resideInAnyPackage("org.garant.app..", "picocli..", "org.garant.monitor.simulate..")
                .check(CLASSES);
    }

    @Test
    void theFlinkJobRunsTheMonitorsProcessorsNotTheServersOrTheSimulators() {
        noClasses().that().resideInAPackage("org.garant.flink..")
                .should().dependOnClassesThat().resideInAnyPackage("org.garant.store..", "org.garant.server..", "org.garant.app..",
                        "org.garant.monitor.simulate..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheFlinkModuleAndTheCommandLineKnowsFlink() {
        noClasses().that().resideInAnyPackage("org.garant.geo..", "org.garant.monitor..", "org.garant.plan..", "org.garant.store..",
                        "org.garant.server..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
                .check(CLASSES);
    }

    @Test
    void fusionDoesNotDependOnTheSimulator() {
        noClasses().that().resideInAPackage("org.garant.monitor.fuse..").and().doNotHaveSimpleName("Scoring")
                .should().dependOnClassesThat().resideInAPackage("org.garant.monitor.simulate..")
                .check(CLASSES);
    }

    @Test
    void theSimulatorNeverFeedsTheFusionEngineTruth() {
        noClasses().that().resideInAPackage("org.garant.monitor.fuse..").and().doNotHaveSimpleName("Scoring")
                .should().dependOnClassesThat().haveSimpleName("TruthRecord")
                .check(CLASSES);
    }
}
