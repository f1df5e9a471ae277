package org.factorline.debtors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row per case: names that are the same debtor, and names that are not. */
class DebtorNameKeyTest {

    @ParameterizedTest(name = "\"{0}\" is \"{1}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "ACME Corp., Inc.     | Acme Corp",
                "Acme Corporation     | ACME",
                "Acme, L.L.C.         | acme llc",
                "The Home Depot       | Home Depot Inc",
                "Smith & Sons Co.     | Smith and Sons",
                "Société Générale     | Societe Generale",
                "  Big   River  Foods | Big River Foods, Ltd.",
                "Müller GmbH          | Muller",
            })
    void sameDebtor(String a, String b) {
        assertThat(Debtors.nameKey(a)).isEqualTo(Debtors.nameKey(b));
    }

    @ParameterizedTest(name = "\"{0}\" is not \"{1}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "Acme Corp           | Acme Foods Corp",
                "Inc.                | Ltd.",
                "株式会社トヨタ       | 株式会社ホンダ",
                "Company Store       | Store",
            })
    void differentDebtors(String a, String b) {
        assertThat(Debtors.nameKey(a)).isNotEqualTo(Debtors.nameKey(b));
    }

    @ParameterizedTest
    @CsvSource({"Inc.", "The", "株式会社トヨタ", "---"})
    void aNameIsNeverReducedToNothing(String name) {
        assertThat(Debtors.nameKey(name)).isNotBlank();
    }
}
