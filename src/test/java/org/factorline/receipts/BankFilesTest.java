package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.factorline.shared.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Telling the formats apart by their content, whatever the files are called. */
class BankFilesTest {

    @ParameterizedTest(name = "{0} named {1} is {2}")
    @CsvSource({
        "bai2-lockbox-two-accounts.bai, statement.bai, BAI2",
        "bai2-lockbox-two-accounts.bai, statement.xml, BAI2",
        "camt053-001-02-usd.xml, camt.xml, CAMT053",
        "camt053-001-08-eur.xml, export.csv, CAMT053",
        "camt054-001-08-usd.xml, notification.txt, CAMT054",
        "lockbox-first-national.csv, lockbox.csv, LOCKBOX_CSV",
        "lockbox-first-national.csv, lockbox.bai, LOCKBOX_CSV",
    })
    void theContentDecidesNotTheName(String sample, String name, BankFileFormat format) {
        byte[] bytes = Samples.bytes(sample);
        assertThat(BankFiles.detect(bytes, name)).isEqualTo(format);
        assertThat(BankFiles.detect(Arrays.copyOf(bytes, Math.min(bytes.length, 512)), name))
                .as("the first 512 bytes are enough")
                .isEqualTo(format);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "%PDF-1.7 binary",
                "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"/>",
                "Dear customer please find attached",
                "1234,5678",
            })
    void otherThingsAreUnknown(String content) {
        assertThat(BankFiles.detect(content.getBytes(StandardCharsets.UTF_8), "file.txt"))
                .isEqualTo(BankFileFormat.UNKNOWN);
    }

    @Test
    void emptyOrBinaryIsUnknownAndAHeaderlessCsvIsOnlyTakenOnItsName() {
        assertThat(BankFiles.detect(new byte[0], "a.csv")).isEqualTo(BankFileFormat.UNKNOWN);
        assertThat(BankFiles.detect(null, null)).isEqualTo(BankFileFormat.UNKNOWN);
        assertThat(BankFiles.detect(new byte[] {0, 1, 2, ',', 3}, "a.csv")).isEqualTo(BankFileFormat.UNKNOWN);
        assertThat(BankFiles.detect("1234,5678\n".getBytes(StandardCharsets.UTF_8), "LOCKBOX.CSV"))
                .isEqualTo(BankFileFormat.LOCKBOX_CSV);
    }

    @Test
    void aByteOrderMarkOrUtf16IsLookedThrough() {
        String camt = Samples.text(Samples.CAMT053_V02);
        byte[] utf16 = ("\uFEFF" + camt.replace("UTF-8", "UTF-16")).getBytes(StandardCharsets.UTF_16LE);
        assertThat(BankFiles.detect(utf16, null)).isEqualTo(BankFileFormat.CAMT053);
        assertThat(BankFiles.read(utf16, "x", null).transactionCount()).isEqualTo(4);
        byte[] bai2 = ("\uFEFF" + Samples.text(Samples.BAI2)).getBytes(StandardCharsets.UTF_8);
        assertThat(BankFiles.detect(bai2, null)).isEqualTo(BankFileFormat.BAI2);
    }

    @Test
    void readsAnyFormatAndAsksForTheMappingOfALockboxCsv() {
        assertThat(BankFiles.read(Samples.bytes(Samples.BAI2), "a", null).transactionCount())
                .isEqualTo(6);
        assertThat(BankFiles.read(Samples.bytes(Samples.CAMT054_V08), "b", null).format())
                .isEqualTo(BankFileFormat.CAMT054);
        assertThat(BankFiles.read(Samples.bytes(Samples.LOCKBOX_CSV), "c", Samples.firstNational())
                        .transactions()
                        .get(0)
                        .amount())
                .isEqualTo(Money.usd("9850.00"));
        assertThatThrownBy(() -> BankFiles.read(Samples.bytes(Samples.LOCKBOX_CSV), "c.csv", null))
                .isInstanceOf(BankFileException.class)
                .hasMessage("line 1, file = \"c.csv\": is a lockbox CSV: reading it needs the bank's column mapping");
        assertThatThrownBy(() -> BankFiles.read(new byte[0], "empty.bai", null))
                .isInstanceOf(BankFileException.class)
                .hasMessage("line 1, file = \"empty.bai\": is empty");
        assertThatThrownBy(() -> BankFiles.read("%PDF-1.7".getBytes(StandardCharsets.US_ASCII), "scan.pdf", null))
                .isInstanceOf(BankFileException.class)
                .hasMessage("line 1, file = \"scan.pdf\": is not a BAI2, camt.053, camt.054 or lockbox CSV file");
    }

    @Test
    void aTransactionsSignAgreesWithItsDirection() {
        assertThatThrownBy(() -> new BankTransaction(
                        SourceLocation.line(1),
                        CreditDebit.CREDIT,
                        Money.usd("-1.00"),
                        true,
                        false,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a CREDIT cannot have the amount USD -1.00");
    }
}
