package org.factorline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * APIs the application code must not use: the system's idea of "now" (time comes from the injected
 * clock, so tests and the simulator can move it), binary floating point near money, and the console.
 */
class BannedApiTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.factorline");
    }

    @ParameterizedTest(name = "{0}.now() without a clock")
    @ValueSource(
            classes = {
                LocalDate.class,
                LocalDateTime.class,
                Instant.class,
                OffsetDateTime.class,
                ZonedDateTime.class,
                java.time.LocalTime.class,
                java.time.OffsetTime.class,
                java.time.YearMonth.class,
                java.time.Year.class
            })
    void noNowWithoutAClock(Class<?> type) {
        noClasses()
                .should()
                .callMethod(type, "now")
                .orShould()
                .callMethod(type, "now", java.time.ZoneId.class)
                .because("every \"now\" comes from the injected java.time.Clock")
                .check(main);
    }

    @Test
    void noSystemTimeOutsideTheClock() {
        noClasses()
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callConstructor(java.util.Date.class)
                .because("every \"now\" comes from the injected java.time.Clock")
                .check(main);
    }

    @Test
    void noBigDecimalFromADouble() {
        noClasses()
                .should()
                .callConstructor(BigDecimal.class, double.class)
                .orShould()
                .callConstructor(BigDecimal.class, double.class, java.math.MathContext.class)
                .because("new BigDecimal(0.1) is 0.1000000000000000055511151231257827...; parse a string instead")
                .check(main);
    }

    @Test
    void noConsoleOutput() {
        noClasses()
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .orShould()
                .callMethod(Throwable.class, "printStackTrace")
                .because("the application logs through SLF4J")
                .check(main);
    }

    @Test
    void noFloatingPointFieldsInMoneyOrAmountTypes() {
        DescribedPredicate<JavaClass> moneyOrAmount = DescribedPredicate.describe(
                "have a name containing Money or Amount",
                c -> c.getSimpleName().contains("Money") || c.getSimpleName().contains("Amount"));
        noFields()
                .that()
                .areDeclaredInClassesThat(moneyOrAmount)
                .should()
                .haveRawType(double.class)
                .orShould()
                .haveRawType(float.class)
                .orShould()
                .haveRawType(Double.class)
                .orShould()
                .haveRawType(Float.class)
                .because("money is never binary floating point")
                .allowEmptyShould(true)
                .check(main);
        DescribedPredicate<com.tngtech.archunit.core.domain.JavaField> namedForMoney = DescribedPredicate.describe(
                "are named for an amount or money",
                f -> f.getName().toLowerCase(java.util.Locale.ROOT).contains("amount")
                        || f.getName().toLowerCase(java.util.Locale.ROOT).contains("money"));
        noFields()
                .that(namedForMoney)
                .should()
                .haveRawType(double.class)
                .orShould()
                .haveRawType(float.class)
                .orShould()
                .haveRawType(Double.class)
                .orShould()
                .haveRawType(Float.class)
                .because("money is never binary floating point")
                .allowEmptyShould(true)
                .check(main);
    }
}
