package org.factorline.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} for every state-changing API call. The first request with a key is recorded
 * with a fingerprint of its method, path and body; a retry with the same key and the same request gets
 * the first response again, byte for byte; the same key with another request is refused (422); and a
 * retry while the first is still running is told so (409). Keys are per caller. Server errors (5xx) are
 * not remembered, so the caller can retry them.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";

    /**
     * A request attribute a controller sets when its response carries a secret (a new API token): such a
     * response is not stored for replay, so the secret never lands in the database.
     */
    public static final String SECRET_RESPONSE = IdempotencyFilter.class.getName() + ".SECRET_RESPONSE";

    static final int MAX_JSON_BODY = 2 * 1024 * 1024;
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final Clock clock;

    public IdempotencyFilter(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String m = request.getMethod();
        boolean changes = m.equals("POST") || m.equals("PUT") || m.equals("PATCH") || m.equals("DELETE");
        return !changes || !request.getRequestURI().startsWith("/api/") || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).strip();
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            reject(
                    response,
                    request,
                    ErrorCode.IDEMPOTENCY_KEY_INVALID,
                    "Idempotency-Key must be 1 to 255 visible ASCII characters",
                    key);
            return;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String owner = auth == null ? "anonymous" : auth.getName();
        String methodPath = request.getMethod() + " " + request.getRequestURI();

        HttpServletRequest toProcess;
        String hash;
        MessageDigest digest = sha256();
        digest.update((methodPath + "?"
                        + Optional.ofNullable(request.getQueryString()).orElse("") + "\n")
                .getBytes());
        String contentType = Optional.ofNullable(request.getContentType()).orElse("");
        if (contentType.toLowerCase().startsWith("multipart/")) {
            // Multipart bodies are parsed (and spooled to disk) by the container; hash part by part.
            for (Part part : request.getParts()) {
                digest.update((part.getName() + "|" + part.getSubmittedFileName() + "|").getBytes());
                try (InputStream in = new DigestInputStream(part.getInputStream(), digest)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            toProcess = request;
        } else {
            byte[] body = request.getInputStream().readNBytes(MAX_JSON_BODY + 1);
            if (body.length > MAX_JSON_BODY) {
                reject(
                        response,
                        request,
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        "A request body may be at most " + MAX_JSON_BODY + " bytes",
                        key);
                return;
            }
            digest.update(body);
            toProcess = new CachedBodyRequest(request, body);
        }
        hash = HexFormat.of().formatHex(digest.digest());

        if (!claim(owner, key, methodPath, hash, response, request)) {
            return;
        }
        var wrapped = new ContentCachingResponseWrapper(response);
        boolean remembered = false;
        try {
            chain.doFilter(toProcess, wrapped);
            if (wrapped.getStatus() < 500 && toProcess.getAttribute(SECRET_RESPONSE) == null) {
                jdbc.sql("""
                                update idempotency_record set state = 'DONE', response_status = ?,
                                       response_content_type = ?, response_body = ?, completed_at = ?
                                where owner = ? and idem_key = ?""")
                        .params(
                                wrapped.getStatus(),
                                wrapped.getContentType(),
                                wrapped.getContentAsByteArray(),
                                now(),
                                owner,
                                key)
                        .update();
                remembered = true;
            }
        } finally {
            if (!remembered) {
                jdbc.sql("delete from idempotency_record where owner = ? and idem_key = ?")
                        .params(owner, key)
                        .update();
            }
            wrapped.copyBodyToResponse();
        }
    }

    /** Records the key as in flight, or answers from (or refuses because of) an earlier request. */
    private boolean claim(
            String owner,
            String key,
            String methodPath,
            String hash,
            HttpServletResponse response,
            HttpServletRequest request)
            throws IOException {
        try {
            jdbc.sql("""
                            insert into idempotency_record (owner, idem_key, method_path, request_hash, state, created_at)
                            values (?, ?, ?, ?, 'IN_FLIGHT', ?)""").params(owner, key, methodPath, hash, now()).update();
            return true;
        } catch (DuplicateKeyException taken) {
            var earlier = jdbc.sql("select * from idempotency_record where owner = ? and idem_key = ?")
                    .params(owner, key)
                    .query((rs, n) -> new Earlier(
                            rs.getString("request_hash"),
                            rs.getString("state"),
                            rs.getInt("response_status"),
                            rs.getString("response_content_type"),
                            rs.getBytes("response_body"),
                            rs.getObject("created_at", OffsetDateTime.class)))
                    .optional();
            if (earlier.isEmpty()) { // it finished with a server error and was forgotten just now
                return claim(owner, key, methodPath, hash, response, request);
            }
            Earlier e = earlier.get();
            if (!e.hash().equals(hash)) {
                reject(
                        response,
                        request,
                        ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key \"" + key + "\" was first used with a different request (" + methodPath
                                + " with another body); use a new key for a new request",
                        key);
                return false;
            }
            if (e.state().equals("IN_FLIGHT")) {
                if (e.createdAt().toInstant().plus(ABANDONED_AFTER).isBefore(clock.instant())) {
                    int took = jdbc.sql(
                                    "update idempotency_record set created_at = ? where owner = ? and idem_key = ? and state = 'IN_FLIGHT' and created_at = ?")
                            .params(now(), owner, key, e.createdAt())
                            .update();
                    if (took == 1) {
                        return true;
                    }
                }
                reject(
                        response,
                        request,
                        ErrorCode.IDEMPOTENCY_IN_FLIGHT,
                        "The first request with Idempotency-Key \"" + key
                                + "\" is still being processed; retry shortly",
                        key);
                return false;
            }
            response.setStatus(e.status());
            if (e.contentType() != null) {
                response.setContentType(e.contentType());
            }
            response.setHeader("Idempotent-Replayed", "true");
            if (e.body() != null) {
                response.getOutputStream().write(e.body());
            }
            return false;
        }
    }

    private record Earlier(
            String hash, String state, int status, String contentType, byte[] body, OffsetDateTime createdAt) {}

    private static void reject(
            HttpServletResponse response, HttpServletRequest request, ErrorCode code, String detail, String key)
            throws IOException {
        var pd = ProblemDetailsAdvice.problem(
                code, detail, List.of(FieldProblem.of(HEADER, key, code.title())), request.getRequestURI());
        ProblemDetailsAdvice.write(response, pd);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the application read a body the filter has already read to fingerprint it. */
    static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(
                    new java.io.InputStreamReader(getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
