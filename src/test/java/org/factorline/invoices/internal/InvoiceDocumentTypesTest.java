package org.factorline.invoices.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InvoiceDocumentTypesTest {

    @Test
    void knowsAFileByItsFirstBytesNotItsName() {
        assertThat(DocumentTypes.detect("%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII)))
                .contains("application/pdf");
        assertThat(DocumentTypes.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0}))
                .contains("image/png");
        assertThat(DocumentTypes.detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}))
                .contains("image/jpeg");
        assertThat(DocumentTypes.detect("just text, named invoice.pdf".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(DocumentTypes.detect("%PD".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
        assertThat(DocumentTypes.detect(new byte[0])).isEmpty();
    }
}
