package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void codesAreUnique() {
        var codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
        var duplicates = codes.stream()
                .filter(c -> codes.indexOf(c) != codes.lastIndexOf(c))
                .collect(Collectors.toSet());
        assertThat(duplicates).as("error codes used twice").isEmpty();
    }

    @Test
    void codesAreDottedLowerCase() {
        assertThat(ErrorCode.values())
                .allSatisfy(e -> assertThat(e.code()).as(e.name()).matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+"));
    }

    @Test
    void everyCodeHasATitleAndAnErrorStatus() {
        assertThat(ErrorCode.values()).allSatisfy(e -> {
            assertThat(e.title()).as(e.name()).isNotBlank();
            assertThat(e.status().isError()).as(e.name()).isTrue();
        });
    }

    @Test
    void publishedCodesKeepTheirSpelling() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet()))
                .containsAll(Set.of(
                        "request.invalid",
                        "auth.unauthenticated",
                        "resource.not_found",
                        "idempotency.key_reused",
                        "idempotency.in_flight",
                        "paging.cursor_invalid"));
        assertThat(ErrorCode.IDEMPOTENCY_KEY_REUSED.status().value()).isEqualTo(422);
        assertThat(ErrorCode.IDEMPOTENCY_IN_FLIGHT.status().value()).isEqualTo(409);
    }
}
