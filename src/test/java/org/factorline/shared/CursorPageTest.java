package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorPageTest {

    @Test
    void cursorRoundTrip() {
        UUID id = UUID.fromString("0190f5b2-7c3e-7a01-8b2c-3d4e5f607182");
        String cursor = CursorPage.encode(id);
        assertThat(cursor).doesNotContain("=", "+", "/").isNotEqualTo(id.toString());
        assertThat(CursorPage.decode(cursor)).isEqualTo(id);
        assertThat(CursorPage.Request.of(cursor, 10)).isEqualTo(new CursorPage.Request(id, 10));
    }

    @Test
    void noCursorMeansTheFirstPage() {
        assertThat(CursorPage.decode(null)).isNull();
        assertThat(CursorPage.decode("  ")).isNull();
        assertThat(CursorPage.Request.of(null, null)).isEqualTo(new CursorPage.Request(null, CursorPage.DEFAULT_LIMIT));
        assertThat(CursorPage.Request.of("", 5).after()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor", "!!!", "abc", "MTIz", "eyJpZCI6MX0", "%%%"})
    void aBadCursorIsRefusedWithItsOwnCode(String cursor) {
        assertThatThrownBy(() -> CursorPage.Request.of(cursor, 10))
                .isInstanceOfSatisfying(FactorlineException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PAGE_CURSOR_INVALID);
                    assertThat(e.code().code()).isEqualTo("paging.cursor_invalid");
                    assertThat(e.code().status().value()).isEqualTo(400);
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.field()).isEqualTo("cursor");
                        assertThat(p.value()).isEqualTo(cursor);
                    });
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 201, 1000, Integer.MIN_VALUE})
    void limitOutsideOneToTwoHundredIsRefused(int limit) {
        assertThatThrownBy(() -> CursorPage.Request.of(null, limit))
                .isInstanceOfSatisfying(FactorlineException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.field()).isEqualTo("limit");
                        assertThat(p.value()).isEqualTo(String.valueOf(limit));
                        assertThat(p.message()).contains("200");
                    });
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 50, 199, 200})
    void limitWithinBoundsIsAccepted(int limit) {
        var request = CursorPage.Request.of(null, limit);
        assertThat(request.limit()).isEqualTo(limit);
        assertThat(request.fetchSize()).isEqualTo(limit + 1);
        assertThat(CursorPage.MAX_LIMIT).isEqualTo(200);
    }

    @Test
    void aFetchOfOneMoreThanTheLimitHasANextPage() {
        List<UUID> ids = ids(6);
        var request = CursorPage.Request.of(null, 5);
        CursorPage<UUID> page = CursorPage.of(ids, request, Function.identity());
        assertThat(page.items()).containsExactlyElementsOf(ids.subList(0, 5));
        assertThat(page.nextCursor()).isNotNull();
        assertThat(CursorPage.Request.of(page.nextCursor(), 5).after()).isEqualTo(ids.get(4));
    }

    @Test
    void theLastPageHasNoCursor() {
        var request = CursorPage.Request.of(null, 5);
        assertThat(CursorPage.of(ids(5), request, Function.identity()).nextCursor())
                .isNull();
        assertThat(CursorPage.of(List.<UUID>of(), request, Function.identity()).items())
                .isEmpty();
    }

    @Test
    void walkingAllPagesVisitsEveryItemOnce() {
        List<UUID> all = ids(23);
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = CursorPage.Request.of(cursor, 10);
            List<UUID> fetched = all.stream()
                    .filter(id -> request.after() == null || id.compareTo(request.after()) > 0)
                    .limit(request.fetchSize())
                    .toList();
            CursorPage<UUID> page = CursorPage.of(fetched, request, Function.identity());
            seen.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(all);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void mapKeepsTheCursor() {
        CursorPage<UUID> page = CursorPage.of(ids(3), CursorPage.Request.of(null, 2), Function.identity());
        CursorPage<String> mapped = page.map(UUID::toString);
        assertThat(mapped.nextCursor()).isEqualTo(page.nextCursor());
        assertThat(mapped.items())
                .hasSize(2)
                .allSatisfy(s -> assertThat(UUID.fromString(s)).isNotNull());
    }

    private static List<UUID> ids(int n) {
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T14:00:00Z"), ZoneOffset.UTC);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UuidV7.next(clock));
        }
        return ids;
    }
}
