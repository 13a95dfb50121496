package dev.switchboard.blueprint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UserIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Alice Smith", "auth0|5f7c8ec7c33c6c004bbafe82", "josé", "用户", "😀", "a"})
    void problem_ofOrdinaryIds_isNone(String id) {
        assertThat(UserIds.problem(id)).isNull();
    }

    @Test
    void problem_atTheLengthLimit_countsUtf16CodeUnits() {
        assertThat(UserIds.problem("a".repeat(UserIds.MAX_CHARS))).isNull();
        assertThat(UserIds.problem("a".repeat(UserIds.MAX_CHARS + 1))).isEqualTo(UserIds.Problem.TOO_LONG);
        assertThat(UserIds.problem("😀".repeat(UserIds.MAX_CHARS / 2))).isNull();
        assertThat(UserIds.problem("😀".repeat(UserIds.MAX_CHARS / 2) + "a")).isEqualTo(UserIds.Problem.TOO_LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice ", " alice", "alice\u00a0", "\u3000alice", "alice\u2003"})
    void problem_withWhitespaceAtAnEnd_isEdgeWhitespace(String id) {
        assertThat(UserIds.problem(id)).isEqualTo(UserIds.Problem.EDGE_WHITESPACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\talice", "alice\n", "al\u0000ice", "ali\u007fce", "a\u0085b", "ali\u200bce",
            "\u202eecila", "alice\u2028", "\ufeffalice", "ali\u00adce", "ali\ufffdce", "a\ud800b", "a\udc00",
            "flag\udb40\udc67", "x\u0890y", "x\ud80d\udc39y"})
    void problem_withControlOrFormatCharacters_isForbiddenCharacter(String id) {
        assertThat(UserIds.problem(id)).isEqualTo(UserIds.Problem.FORBIDDEN_CHARACTER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\u00a0", "\u3000 \u2000"})
    void problem_ofEmptyOrOnlyWhitespace_isEmpty(String id) {
        assertThat(UserIds.problem(id)).isEqualTo(UserIds.Problem.EMPTY);
    }

    @Test
    void problem_ofNull_isEmpty() {
        assertThat(UserIds.problem(null)).isEqualTo(UserIds.Problem.EMPTY);
    }

    @Test
    void maximum_fitsACloudflareTagWithItsPrefix_andTwoIdsInADynamoDbSortKey() {
        // https://developers.cloudflare.com/durable-objects/api/websockets/ (tags of at most 256 characters)
        assertThat(("u:" + "a".repeat(UserIds.MAX_CHARS)).length()).isLessThanOrEqualTo(256);
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html (sort key 1,024 bytes)
        String widest = "\uffff".repeat(UserIds.MAX_CHARS); // 3 UTF-8 bytes per code unit, the most there is
        assertThat((widest + "#" + widest).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(1024);
    }
}
