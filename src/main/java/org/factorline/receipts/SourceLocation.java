package org.factorline.receipts;

/**
 * Where in the bank file something was read: the line (from 1) and, for XML, the element's path such as
 * {@code Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/NtryDtls[1]/TxDtls[2]}. The import's report shows it, so
 * that a question about a posting can be taken back to the bank's own file.
 */
public record SourceLocation(long line, String path) {

    public SourceLocation {
        if (line < 1) {
            throw new IllegalArgumentException("line must be 1 or more, not " + line);
        }
    }

    public static SourceLocation line(long line) {
        return new SourceLocation(line, null);
    }

    @Override
    public String toString() {
        return path == null ? "line " + line : "line " + line + ", " + path;
    }
}
