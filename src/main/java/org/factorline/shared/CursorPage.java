package org.factorline.shared;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One page of a list ordered by time-ordered id. The cursor is opaque to callers: the id of the last
 * item, encoded. Pages are bounded: {@link #MAX_LIMIT} at most.
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** A validated paging request: after which id, how many. */
    public record Request(UUID after, int limit) {

        public static Request of(String cursor, Integer limit) {
            int l = limit == null ? DEFAULT_LIMIT : limit;
            if (l < 1 || l > MAX_LIMIT) {
                throw FactorlineException.invalid("limit", limit, "must be between 1 and " + MAX_LIMIT);
            }
            return new Request(decode(cursor), l);
        }

        public static Request first(int limit) {
            return new Request(null, limit);
        }

        /** Asks the store for one row more than the page, to know whether there is a next page. */
        public int fetchSize() {
            return limit + 1;
        }
    }

    /** Cuts a fetch of {@code limit + 1} rows into a page and its next cursor. */
    public static <T> CursorPage<T> of(List<T> fetched, Request request, Function<T, UUID> id) {
        if (fetched.size() <= request.limit()) {
            return new CursorPage<>(List.copyOf(fetched), null);
        }
        List<T> page = List.copyOf(fetched.subList(0, request.limit()));
        return new CursorPage<>(page, encode(id.apply(page.get(page.size() - 1))));
    }

    public <R> CursorPage<R> map(Function<T, R> f) {
        return new CursorPage<>(items.stream().map(f).toList(), nextCursor);
    }

    static String encode(UUID id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(id.toString().getBytes(StandardCharsets.UTF_8));
    }

    static UUID decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new FactorlineException(
                    ErrorCode.PAGE_CURSOR_INVALID,
                    "cursor \"" + cursor + "\" is not one this API returned",
                    List.of(FieldProblem.of("cursor", cursor, "is not a cursor this API returned")));
        }
    }
}
