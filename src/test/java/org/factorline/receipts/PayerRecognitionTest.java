package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which debtor a payer's name is, one row per way of writing it; look-alike names are not guessed. */
class PayerRecognitionTest {

    static final List<String> NAMES = List.of(
            "Walden Grocery Distribution Inc.",
            "Walden Foods Inc.",
            "Keystone Auto Parts",
            "Keystone Automotive Group LLC",
            "Summit Foods",
            "Summit Foods Distribution LLC",
            "Tri-County Electric Cooperative",
            "St. Mary's Regional Medical Center",
            "Meridian Health Partners, LLC",
            "K&M Restaurant Supply");

    final Map<String, PayerRecognition.Taught> taught = new HashMap<>();

    final PayerRecognition.Directory directory = new PayerRecognition.Directory() {
        @Override
        public Optional<PayerRecognition.Taught> taught(String payerKey) {
            return Optional.ofNullable(taught.get(payerKey));
        }

        @Override
        public Optional<DebtorId> byNameKey(String nameKey) {
            return NAMES.stream()
                    .filter(n -> Debtors.nameKey(n).equals(nameKey))
                    .map(PayerRecognitionTest::id)
                    .findFirst();
        }

        @Override
        public List<PayerRecognition.KnownDebtor> all() {
            return NAMES.stream()
                    .map(n -> new PayerRecognition.KnownDebtor(id(n), n))
                    .toList();
        }
    };

    static DebtorId id(String name) {
        return new DebtorId(UUID.nameUUIDFromBytes(name.getBytes()));
    }

    String recognised(String payer) {
        DebtorId d = PayerRecognition.recognise(payer, directory);
        return d == null
                ? null
                : NAMES.stream().filter(n -> id(n).equals(d)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(textBlock = """
            # payer name as it arrives,                  debtor recognised (empty: none)
            'WALDEN GROCERY DISTRIBUTION INC',            Walden Grocery Distribution Inc.
            'WALDEN GROC DIST',                           Walden Grocery Distribution Inc.
            'WALDEN GROCERY D',                           Walden Grocery Distribution Inc.
            'WALDEN GROCERY DISTRIBUTION INC ACCOUNTS PAYABLE', Walden Grocery Distribution Inc.
            'WALDEN GROCERY DISTRIBUTION 4410 COMMERCE DR', Walden Grocery Distribution Inc.
            'WALDEN FOODS INC',                           Walden Foods Inc.
            'WALDEN',                                     ''
            'WALDEN FOODS CATERING',                      ''
            'KEYSTONE AUTOMOT',                           Keystone Automotive Group LLC
            'KEYSTONE AUTO PA',                           Keystone Auto Parts
            'KEYSTONE AUTO',                              ''
            'KEYSTONE AUTO PARTS ACCOUNTS PAYABLE',       Keystone Auto Parts
            'SUMMIT FOODS ACCOUNTS PAYABLE',              Summit Foods
            'SUMMIT FOODS DIS',                           Summit Foods Distribution LLC
            'TRICOUNTY ELEC COOP',                        Tri-County Electric Cooperative
            'ST MARYS REG MED CTR',                       St. Mary's Regional Medical Center
            'MERIDIAN HEALTH PTNRS LLC',                  'Meridian Health Partners, LLC'
            'MERIDIAN HEALTH PARTNERS LLC ACCOUN',        'Meridian Health Partners, LLC'
            'K & M REST SUPPLY',                          K&M Restaurant Supply
            'BILL.COM',                                   ''
            'AVIDXCHANGE INC',                            ''
            'R & L HOLDINGS',                             ''
            """, ignoreLeadingAndTrailingWhitespace = true)
    void recognisesADebtorsNameWrittenShortButNeverGuessesBetweenLookAlikes(String payer, String debtor) {
        assertThat(recognised(payer)).isEqualTo(debtor == null || debtor.isEmpty() ? null : debtor);
    }

    @Test
    void aPayablesServiceTaughtForOneDebtorRecognisesNone() {
        taught.put("BILLCOM", new PayerRecognition.Taught(id("Summit Foods"), false));
        assertThat(recognised("BILL.COM")).isNull();
        assertThat(PayerRecognition.teachable("BILLCOM")).isFalse();
        assertThat(PayerRecognition.teachable("PAYMODEX")).isFalse();
        assertThat(PayerRecognition.teachable("WALDENGROCD")).isTrue();
    }

    @Test
    void aNameTaughtForTwoDebtorsRecognisesNeither() {
        taught.put("SHAREDSERVICESCENTER", new PayerRecognition.Taught(id("Summit Foods"), true));
        taught.put("SFD HOLDINGS LLC".replace(" ", ""), new PayerRecognition.Taught(id("Summit Foods"), false));
        assertThat(recognised("SHARED SERVICES CENTER")).isNull();
        assertThat(recognised("SFD HOLDINGS LLC")).isEqualTo("Summit Foods");
    }
}
