package org.factorline.receipts;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.regex.Pattern;
import org.factorline.shared.Money;

/** Checks shared by the readers: currencies, decimal amounts, bounded text, and bytes to text. */
final class BankValues {

    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    /** ISO 20022 amounts: up to 18 digits in all, up to 5 after the point, no sign. */
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}(\\.\\d{1,17})?");

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private BankValues() {}

    /** A currency money can be held in (ISO 4217, with minor units: not XAU or XXX). */
    static Currency currency(String code, long line, String field) {
        if (code == null || !CURRENCY_CODE.matcher(code).matches()) {
            throw BankFileException.at(line, field, code, "is not a currency code such as USD");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw BankFileException.at(line, field, code, "is not an ISO 4217 currency");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw BankFileException.at(line, field, code, "is not a currency payments are made in");
        }
        return currency;
    }

    /** An unsigned decimal amount of the currency, such as "9850.00"; no more decimals than the currency has. */
    static Money decimal(String text, Currency currency, long line, String field) {
        if (text == null || text.isEmpty()) {
            throw BankFileException.at(line, field, text, "is missing");
        }
        if (!DECIMAL.matcher(text).matches() || digits(text) > 18) {
            throw BankFileException.at(
                    line, field, text, "is not an amount: digits with an optional decimal point, no sign");
        }
        BigDecimal amount = new BigDecimal(text);
        int decimals = currency.getDefaultFractionDigits();
        if (amount.stripTrailingZeros().scale() > decimals) {
            throw BankFileException.at(line, field, text, "has more than " + decimals + " decimals for " + currency);
        }
        return Money.of(amount, currency);
    }

    /** "cents" for dollars and euros; "minor units" where the word would be wrong. */
    static String minorUnits(Currency currency) {
        return currency.getDefaultFractionDigits() == 2
                ? "cents"
                : "minor units (" + currency.getDefaultFractionDigits() + " decimals for " + currency + ")";
    }

    /** The text, or null when blank; refused when longer than {@code max}. */
    static String bounded(String text, int max, long line, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > max) {
            throw BankFileException.at(line, field, text, "is longer than " + max + " characters");
        }
        return text.strip();
    }

    static String bounded(String text, long line, String field) {
        return bounded(text, BankFileLimits.MAX_FIELD_LENGTH, line, field);
    }

    /** UTF-8 (a byte order mark is dropped) when the bytes are UTF-8; Windows-1252 otherwise, as older bank systems write. */
    static String decode(byte[] bytes) {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer)
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, start, bytes.length - start, WINDOWS_1252);
        }
    }

    private static int digits(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
