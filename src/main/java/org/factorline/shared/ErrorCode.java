package org.factorline.shared;

import org.springframework.http.HttpStatus;

/**
 * The catalogue of errors a caller can see: a stable code (never renamed once published), the HTTP
 * status and a title. Details name the field and the value; see {@link FactorlineException}.
 */
public enum ErrorCode {
    VALIDATION_FAILED("request.invalid", HttpStatus.BAD_REQUEST, "The request has invalid fields"),
    MALFORMED_REQUEST("request.malformed", HttpStatus.BAD_REQUEST, "The request body could not be read"),
    UNAUTHENTICATED("auth.unauthenticated", HttpStatus.UNAUTHORIZED, "Sign-in or a valid API token is required"),
    FORBIDDEN("auth.forbidden", HttpStatus.FORBIDDEN, "Your role does not allow this"),
    NOT_FOUND("resource.not_found", HttpStatus.NOT_FOUND, "Not found"),
    CONCURRENT_MODIFICATION(
            "resource.concurrent_modification",
            HttpStatus.CONFLICT,
            "Someone else changed this record; reload and retry"),
    IDEMPOTENCY_KEY_REUSED(
            "idempotency.key_reused",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "This Idempotency-Key was already used with a different request"),
    IDEMPOTENCY_IN_FLIGHT(
            "idempotency.in_flight",
            HttpStatus.CONFLICT,
            "A request with this Idempotency-Key is still being processed"),
    IDEMPOTENCY_KEY_INVALID("idempotency.key_invalid", HttpStatus.BAD_REQUEST, "The Idempotency-Key header is invalid"),
    PAGE_CURSOR_INVALID("paging.cursor_invalid", HttpStatus.BAD_REQUEST, "The paging cursor is invalid"),
    PAYLOAD_TOO_LARGE("request.too_large", HttpStatus.CONTENT_TOO_LARGE, "The upload is larger than allowed"),

    CLIENT_TAX_ID_TAKEN("client.tax_id_taken", HttpStatus.CONFLICT, "A client with this tax id already exists"),
    CLIENT_NOT_ACTIVE("client.not_active", HttpStatus.UNPROCESSABLE_CONTENT, "The client is not active"),
    AGREEMENT_MISSING(
            "agreement.missing", HttpStatus.UNPROCESSABLE_CONTENT, "The client has no factoring agreement in force"),
    AGREEMENT_CURRENCY_MISMATCH(
            "agreement.currency_mismatch",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The amount's currency differs from the agreement's currency"),

    DEBTOR_NOT_ACTIVE("debtor.not_active", HttpStatus.UNPROCESSABLE_CONTENT, "The debtor is not active"),
    DEBTOR_ILLEGAL_TRANSITION(
            "debtor.illegal_transition",
            HttpStatus.CONFLICT,
            "The debtor cannot move to that status from its current status"),

    INVOICE_DUPLICATE_NUMBER(
            "invoice.duplicate_number", HttpStatus.CONFLICT, "This client already has an invoice with this number"),
    INVOICE_ILLEGAL_TRANSITION(
            "invoice.illegal_transition",
            HttpStatus.CONFLICT,
            "The invoice cannot move to that state from its current state"),
    INVOICE_DATES_INVALID("invoice.dates_invalid", HttpStatus.BAD_REQUEST, "The invoice dates are inconsistent"),
    DOCUMENT_TYPE_REFUSED(
            "document.type_refused",
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "Only PDF, PNG and JPEG documents are accepted"),
    SCHEDULE_IMPORT_REFUSED(
            "schedule.import_refused",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The schedule file has problems; nothing was imported"),
    LEDGER_ENTRY_REFUSED(
            "ledger.entry_refused",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The journal entry is refused: it must balance and name its accounts"),
    LEDGER_KEY_REUSED(
            "ledger.idempotency_key_reused",
            HttpStatus.CONFLICT,
            "A different journal entry was already posted under this idempotency key"),
    LEDGER_ALREADY_REVERSED(
            "ledger.already_reversed", HttpStatus.CONFLICT, "This journal entry has already been reversed"),
    FOUR_EYES_REQUIRED(
            "approval.four_eyes_required",
            HttpStatus.FORBIDDEN,
            "A second person must approve this: you cannot approve your own request"),
    FUNDING_INELIGIBLE(
            "funding.ineligible",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "Some invoices are not eligible for funding; see each refusal"),
    FUNDING_NOT_OPEN("funding.not_open", HttpStatus.CONFLICT, "The funding request is no longer open for this action"),
    PAYOUT_ILLEGAL_TRANSITION(
            "payout.illegal_transition",
            HttpStatus.CONFLICT,
            "The payout cannot move to that state from its current state"),
    PAYOUT_NOT_PENDING(
            "payout.not_pending",
            HttpStatus.CONFLICT,
            "The payout is no longer pending: it is already in a bank file, and a payout goes in one file only"),
    PAYOUT_NOTHING_TO_RELEASE(
            "payout.nothing_to_release",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "There are no pending payouts of that method to release"),
    PAYOUT_NO_BANK_ACCOUNT(
            "payout.no_bank_account",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The client has no payout bank account on file; set one on the client before paying it"),
    PAYOUT_BANK_DETAILS_REFUSED(
            "payout.bank_details_refused",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The client's payout account cannot be paid by this method; correct the account or use another method"),
    PAYOUT_SOURCE_CONFLICT(
            "payout.source_conflict",
            HttpStatus.CONFLICT,
            "This source already has a payout with other details; a source pays out once"),
    PAYOUT_FILE_ILLEGAL_TRANSITION(
            "payout.file_illegal_transition",
            HttpStatus.CONFLICT,
            "The payout file cannot move to that state; it may already be marked sent"),
    BANK_FILE_REFUSED(
            "bank_file.refused", HttpStatus.UNPROCESSABLE_CONTENT, "The bank file has a problem; nothing was imported"),
    BANK_FILE_DUPLICATE(
            "bank_file.duplicate",
            HttpStatus.CONFLICT,
            "This bank file was already imported; nothing was imported again"),
    ACCOUNT_LINK_INVALID(
            "account.link_invalid", HttpStatus.GONE, "The link is unknown, already used or expired; ask for a new one"),
    ACCOUNT_MAIL_FAILED(
            "account.mail_failed",
            HttpStatus.BAD_GATEWAY,
            "The e-mail could not be handed to the mail server; nothing was changed, try again"),
    SECOND_FACTOR_INVALID(
            "account.second_factor_invalid", HttpStatus.BAD_REQUEST, "The authenticator code is wrong or too old"),
    INTERNAL("server.internal", HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side");

    private final String code;
    private final HttpStatus status;
    private final String title;

    ErrorCode(String code, HttpStatus status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
