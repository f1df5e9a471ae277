package org.factorline.receipts;

/**
 * The physical records of a BAI2 file, one a line, read forward only. Lines may end in "\n", "\r\n" or
 * "\r"; trailing blanks (fixed-length records are padded) are dropped, and blank lines are skipped but
 * counted, so that line numbers are those an editor shows.
 */
final class Bai2Lines {

    /** One physical record: its line number (from 1) and its text. */
    record Line(long number, String text) {}

    private final String text;
    private int position;
    private long lineNumber;
    private Line peeked;

    Bai2Lines(String text) {
        this.text = text;
    }

    /** The next non-blank line without consuming it; null at the end of the file. */
    Line peek() {
        if (peeked == null) {
            peeked = read();
        }
        return peeked;
    }

    Line next() {
        Line line = peek();
        peeked = null;
        return line;
    }

    /** The number of the last line of the file that was read, blank or not. */
    long lastLineNumber() {
        return lineNumber;
    }

    private Line read() {
        while (position < text.length()) {
            int start = position;
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            position = end;
            if (position < text.length() && text.charAt(position) == '\r') {
                position++;
            }
            if (position < text.length() && text.charAt(position) == '\n') {
                position++;
            }
            lineNumber++;
            String line = text.substring(start, end).stripTrailing();
            if (!line.isEmpty()) {
                return new Line(lineNumber, line);
            }
        }
        return null;
    }
}
