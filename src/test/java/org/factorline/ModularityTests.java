package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.DependencyType;
import org.springframework.modulith.docs.Documenter;

/**
 * The module graph: every top-level package under {@code org.factorline} is a module that other modules
 * reach only through its root package, with no cycles, and dependencies point only the allowed way.
 * Also writes the module diagrams to docs/modules.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(FactorlineApplication.class);

    /**
     * What each module may depend on. A module not listed here may depend on anything except the
     * modules nobody depends on; a module listed here may depend on what it lists and nothing else.
     */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("shared", Set.of()),
            Map.entry("reports", Set.of("shared", "identity", "clients", "ledger", "outreach")),
            Map.entry("identity", Set.of("shared")),
            Map.entry("pricing", Set.of("shared")),
            Map.entry("clients", Set.of("shared", "identity", "pricing")),
            Map.entry("debtors", Set.of("shared", "identity", "clients")),
            Map.entry("invoices", Set.of("shared", "identity", "pricing", "clients", "debtors")),
            Map.entry("ledger", Set.of("shared", "identity")),
            Map.entry("payouts", Set.of("shared", "identity", "pricing", "ledger", "clients")),
            Map.entry("risk", Set.of("shared", "identity", "pricing", "clients", "debtors", "invoices")),
            Map.entry(
                    "funding",
                    Set.of(
                            "shared",
                            "identity",
                            "pricing",
                            "clients",
                            "debtors",
                            "invoices",
                            "risk",
                            "ledger",
                            "payouts")),
            // receipts keeps the purchased book's running reductions through funding's PurchasedBook
            Map.entry(
                    "receipts",
                    Set.of("shared", "identity", "pricing", "clients", "debtors", "invoices", "ledger", "funding")),
            Map.entry(
                    "settlement",
                    Set.of(
                            "shared",
                            "identity",
                            "pricing",
                            "clients",
                            "invoices",
                            "funding",
                            "receipts",
                            "ledger",
                            "payouts")),
            Map.entry(
                    "outreach",
                    Set.of(
                            "shared",
                            "identity",
                            "pricing",
                            "clients",
                            "debtors",
                            "invoices",
                            "receipts",
                            "settlement")),
            Map.entry("notifications", Set.of("shared", "identity", "outreach")),
            Map.entry(
                    "simulation",
                    Set.of(
                            "shared",
                            "identity",
                            "pricing",
                            "clients",
                            "debtors",
                            "invoices",
                            "risk",
                            "ledger",
                            "payouts",
                            "funding",
                            "receipts",
                            "settlement",
                            "outreach")));

    /** The edges of the application: they read from everyone, and nothing depends on them. */
    static final Set<String> NOBODY_DEPENDS_ON = Set.of("web", "demo", "cli");

    /** Modules only these may depend on: the simulator is the command line's, the reports the pages'. */
    static final Map<String, Set<String>> ONLY_FROM = Map.of("simulation", Set.of("cli"), "reports", Set.of("web"));

    @Test
    void modulesKeepTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void dependenciesPointTheAllowedWay() {
        Set<String> violations = new TreeSet<>();
        for (ApplicationModule module : MODULES) {
            String name = module.getIdentifier().toString();
            module.getDirectDependencies(MODULES, DependencyType.values()).stream()
                    .filter(d -> !d.getTargetModule().equals(module))
                    .forEach(d -> {
                        String target = d.getTargetModule().getIdentifier().toString();
                        boolean allowed = !NOBODY_DEPENDS_ON.contains(target)
                                && (!ONLY_FROM.containsKey(target)
                                        || ONLY_FROM.get(target).contains(name))
                                && (!ALLOWED.containsKey(name)
                                        || ALLOWED.get(name).contains(target));
                        if (!allowed) {
                            violations.add(name + " -> " + target + ": "
                                    + d.getSourceType().getName() + " uses "
                                    + d.getTargetType().getName());
                        }
                    });
        }
        assertThat(violations).as("dependencies against the allowed direction").isEmpty();
    }

    @Test
    void writesTheModuleDiagrams() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
    }
}
