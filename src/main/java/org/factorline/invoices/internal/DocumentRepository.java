package org.factorline.invoices.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.invoices.InvoiceDocument;
import org.factorline.invoices.InvoiceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Documents filed with invoices. Lists never read the content; only a download does. */
@Repository
public class DocumentRepository {

    private static final String COLUMNS =
            "id, invoice_id, file_name, content_type, size_bytes, sha256, uploaded_at, uploaded_by";

    private final JdbcClient jdbc;

    public DocumentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(InvoiceDocument d, byte[] content) {
        jdbc.sql("insert into invoice_document (" + COLUMNS + ", content) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        d.id(),
                        d.invoiceId().value(),
                        d.fileName(),
                        d.contentType(),
                        d.sizeBytes(),
                        d.sha256(),
                        InvoiceRepository.ts(d.uploadedAt()),
                        d.uploadedBy(),
                        content)
                .update();
    }

    public List<InvoiceDocument> ofInvoice(InvoiceId invoiceId) {
        return jdbc.sql("select " + COLUMNS + " from invoice_document where invoice_id = ? order by uploaded_at, id")
                .param(invoiceId.value())
                .query(DocumentRepository::map)
                .list();
    }

    public Optional<InvoiceDocument.Content> content(InvoiceId invoiceId, UUID documentId) {
        return jdbc.sql("select " + COLUMNS + ", content from invoice_document where invoice_id = ? and id = ?")
                .params(invoiceId.value(), documentId)
                .query((rs, n) -> new InvoiceDocument.Content(map(rs, n), rs.getBytes("content")))
                .optional();
    }

    static InvoiceDocument map(ResultSet rs, int row) throws SQLException {
        return new InvoiceDocument(
                rs.getObject("id", UUID.class),
                new InvoiceId(rs.getObject("invoice_id", UUID.class)),
                rs.getString("file_name"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                rs.getObject("uploaded_at", OffsetDateTime.class).toInstant(),
                rs.getString("uploaded_by"));
    }
}
