package org.factorline.debtors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.shared.PostalAddress;
import org.junit.jupiter.api.Test;

class DebtorDetailsTest {

    static DebtorDetails valid() {
        return new DebtorDetails(
                "Acme Corp",
                null,
                new PostalAddress("9 Commerce Way", "Chicago", "IL", "60601", "US"),
                "America/Chicago",
                Money.usd("250000.00"),
                List.of(new DebtorDetails.ContactDetails("AP", "ap@acme.example", null, true)));
    }

    @Test
    void aValidDebtorHasNoProblems() {
        assertThat(valid().validate().problems()).isEmpty();
    }

    @Test
    void everyProblemNamesItsFieldAndValue() {
        var d = new DebtorDetails(
                " ",
                "123456789012345678901",
                new PostalAddress("x".repeat(201), "", null, null, "usa"),
                "Mars/Olympus",
                Money.usd("-1.00"),
                List.of(
                        new DebtorDetails.ContactDetails("", "not-an-email", null, true),
                        new DebtorDetails.ContactDetails("B", null, "1".repeat(41), true)));
        List<FieldProblem> problems = d.validate().problems();
        assertThat(problems)
                .extracting(FieldProblem::field)
                .contains(
                        "name",
                        "taxId",
                        "address.street",
                        "address.city",
                        "address.country",
                        "timeZone",
                        "creditLimit",
                        "contacts",
                        "contacts[0].name",
                        "contacts[0].email",
                        "contacts[1].phone");
        assertThat(problems)
                .filteredOn(p -> p.field().equals("timeZone"))
                .extracting(FieldProblem::value)
                .containsExactly("Mars/Olympus");
        assertThat(problems)
                .filteredOn(p -> p.field().equals("contacts[0].email"))
                .extracting(FieldProblem::value)
                .containsExactly("not-an-email");
    }

    @Test
    void contactsAreBounded() {
        var many = java.util.stream.IntStream.range(0, DebtorDetails.MAX_CONTACTS + 1)
                .mapToObj(i -> new DebtorDetails.ContactDetails("AP " + i, "ap" + i + "@acme.example", null, false))
                .toList();
        var v = valid();
        var d = new DebtorDetails(v.name(), v.taxId(), v.address(), v.timeZone(), v.creditLimit(), many);
        assertThat(d.validate().problems()).extracting(FieldProblem::field).containsExactly("contacts");
    }
}
