package org.factorline.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every refusal of the REST API as RFC 9457 problem details: {@code type}, {@code title},
 * {@code status}, {@code detail}, plus the stable {@code code} and an {@code errors} list naming the
 * field, the value and what is wrong. It runs before Spring Boot's own problem-details handler (order 0),
 * which would otherwise answer malformed bodies and bad parameters without a code or the field at fault.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ProblemDetailsAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    public static ProblemDetail problem(ErrorCode code, String detail, List<FieldProblem> problems, String instance) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(code.status(), detail);
        pd.setType(URI.create("https://factorline.org/errors/" + code.code()));
        pd.setTitle(code.title());
        pd.setProperty("code", code.code());
        if (!problems.isEmpty()) {
            pd.setProperty(
                    "errors", problems.stream().map(ProblemDetailsAdvice::asMap).toList());
        }
        if (instance != null) {
            pd.setInstance(URI.create(instance));
        }
        return pd;
    }

    /** Writes problem details straight to a servlet response (for filters, before any controller runs). */
    public static void write(jakarta.servlet.http.HttpServletResponse res, ProblemDetail pd)
            throws java.io.IOException {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", pd.getType().toString());
        body.put("title", pd.getTitle());
        body.put("status", pd.getStatus());
        body.put("detail", pd.getDetail());
        if (pd.getInstance() != null) {
            body.put("instance", pd.getInstance().toString());
        }
        if (pd.getProperties() != null) {
            body.putAll(pd.getProperties());
        }
        res.setStatus(pd.getStatus());
        res.setCharacterEncoding("UTF-8");
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.getWriter().write(JSON.writeValueAsString(body));
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private static Map<String, Object> asMap(FieldProblem p) {
        var m = new java.util.LinkedHashMap<String, Object>();
        if (p.line() != null) {
            m.put("line", p.line());
        }
        m.put("field", p.field());
        m.put("value", p.value());
        m.put("message", p.message());
        return m;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail pd) {
        return ResponseEntity.status(pd.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    @ExceptionHandler(FactorlineException.class)
    ResponseEntity<ProblemDetail> business(FactorlineException e, HttpServletRequest request) {
        return respond(problem(e.code(), e.getMessage(), e.problems(), request.getRequestURI()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        for (FieldError fe : e.getBindingResult().getFieldErrors()) {
            problems.add(FieldProblem.of(fe.getField(), fe.getRejectedValue(), fe.getDefaultMessage()));
        }
        String detail =
                problems.isEmpty() ? "The request is invalid" : problems.get(0).toString();
        return respond(problem(ErrorCode.VALIDATION_FAILED, detail, problems, request.getRequestURI()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof FactorlineException fe) {
            return business(fe, request);
        }
        String detail = "The JSON body could not be read: " + firstLine(cause.getMessage());
        return respond(problem(ErrorCode.MALFORMED_REQUEST, detail, List.of(), request.getRequestURI()));
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        var p = FieldProblem.of(e.getName(), e.getValue(), "is not a valid " + simpleName(e.getRequiredType()));
        return respond(problem(ErrorCode.VALIDATION_FAILED, p.toString(), List.of(p), request.getRequestURI()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        var p = FieldProblem.of(e.getParameterName(), null, "is required");
        return respond(problem(ErrorCode.VALIDATION_FAILED, p.toString(), List.of(p), request.getRequestURI()));
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> conflict(OptimisticLockingFailureException e, HttpServletRequest request) {
        return respond(problem(ErrorCode.CONCURRENT_MODIFICATION, e.getMessage(), List.of(), request.getRequestURI()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return respond(problem(ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN.title(), List.of(), request.getRequestURI()));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        return respond(problem(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "The upload exceeds the limit of " + e.getMaxUploadSize() + " bytes",
                List.of(),
                request.getRequestURI()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return respond(problem(ErrorCode.NOT_FOUND, "No such endpoint", List.of(), request.getRequestURI()));
    }

    @ExceptionHandler(org.springframework.web.ErrorResponseException.class)
    ResponseEntity<ProblemDetail> framework(
            org.springframework.web.ErrorResponseException e, HttpServletRequest request) {
        ProblemDetail pd = e.getBody();
        HttpStatusCode status = e.getStatusCode();
        pd.setProperty("code", status.value() == 404 ? ErrorCode.NOT_FOUND.code() : "request.rejected");
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof org.springframework.web.ErrorResponse framework) { // e.g. a missing request header
            ProblemDetail pd = framework.getBody();
            pd.setProperty("code", "request.rejected");
            return ResponseEntity.status(framework.getStatusCode())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(pd);
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(problem(
                ErrorCode.INTERNAL,
                "Unexpected error; it has been logged. Retrying with the same Idempotency-Key is safe.",
                List.of(),
                request.getRequestURI()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    private static String simpleName(Class<?> type) {
        return type == null ? "value" : type.getSimpleName();
    }

    static HttpStatus statusOf(ErrorCode code) {
        return code.status();
    }
}
