package org.factorline.reports.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.factorline.ledger.AccountCode;
import org.factorline.shared.FactorlineException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The pieces under the reports, without Spring: the account map, bucket labels and parsing, CSV fields. */
class ReportPartsTest {

    @Test
    void accountsMapByNameOrNumberAndUnmappedOnesKeepTheirNumber() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("factorline.reports.account-map.PURCHASED_RECEIVABLES", "1310-FR")
                .withProperty("factorline.reports.account-map.4100", " 7010 ");
        AccountMap map = new AccountMap(env);
        assertThat(map.code(AccountCode.PURCHASED_RECEIVABLES)).isEqualTo("1310-FR");
        assertThat(map.code(AccountCode.DISCOUNT_FEE_INCOME)).isEqualTo("7010");
        assertThat(map.code(AccountCode.CASH)).isEqualTo("1000");
    }

    @Test
    void bucketLabelsFollowTheBasis() {
        assertThat(AgingReport.labels(AgingReport.Basis.DUE, List.of(30, 60, 90)))
                .containsExactly("Current", "1–30", "31–60", "61–90", "Over 90");
        assertThat(AgingReport.labels(AgingReport.Basis.INVOICE, List.of(45))).containsExactly("0–45", "Over 45");
    }

    @Test
    void bucketsMustBeRisingWholeDays() {
        Params p = new Params(Map.of("a", "30, 60,90", "b", "30,30", "c", "0", "d", "x"));
        assertThat(p.buckets("a", List.of())).containsExactly(30, 60, 90);
        for (String bad : List.of("b", "c", "d")) {
            assertThatThrownBy(() -> p.buckets(bad, List.of()))
                    .isInstanceOf(FactorlineException.class)
                    .satisfies(e -> assertThat(
                                    ((FactorlineException) e).problems().get(0).field())
                            .isEqualTo(bad));
        }
        assertThat(new Params(Map.of()).buckets("a", List.of(30))).containsExactly(30);
    }

    @Test
    void csvFieldsAreQuotedAndFormulasDefused() {
        assertThat(Csv.field("plain")).isEqualTo("plain");
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(Csv.field("-12.50")).isEqualTo("-12.50");
    }

    @Test
    void copyRowsSplitOnTabsAndUnescapeWhatTheDatabaseEscaped() {
        assertThat(JournalExport.copyFields("12\t2026-03-10\ta\\tb\\\\c\\nd\\N\t1100\t\\N\tD\t10.00\n", 7))
                .containsExactly("12", "2026-03-10", "a\tb\\c\nd\\N", "1100", null, "D", "10.00");
        assertThat(JournalExport.copyFields("1\t\t\t\t\t\t", 7)).containsExactly("1", "", "", "", "", "", "");
        assertThatThrownBy(() -> JournalExport.copyFields("1\t2\n", 7))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 fields, not 7");
    }
}
