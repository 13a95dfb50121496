package dev.switchboard.azure.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a/b", "a\\b", "a#b", "a?b", "a|b", "50%", "tab\there", "del\u007f", "c1\u0085",
            "émile", "🙂", "%0041"})
    void escape_removesEveryForbiddenCharacter_andRoundTrips(String id) {
        String key = StoreKeys.escape(id);
        // Table Storage forbids / \ # ? and control characters in keys; | separates key parts here
        assertThat(key).doesNotContain("/", "\\", "#", "?", "|");
        assertThat(key.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
        assertThat(StoreKeys.unescape(key)).isEqualTo(id);
    }

    @Test
    void memberKeys_ofOneUser_sortTogether_andTheCursorBoundSortsAfterThem() {
        // a user whose id extends another's ("a" and "a}b", "a{") must not interleave with it
        String a1 = StoreKeys.member("a", "c1");
        String a2 = StoreKeys.member("a", "c9");
        String bound = StoreKeys.escape("a") + StoreKeys.AFTER_SEPARATOR;
        for (String other : new String[] {StoreKeys.member("a}b", "c5"), StoreKeys.member("a{", "c5"),
                StoreKeys.member("a|", "c5"), StoreKeys.member("ab", "c5")}) {
            boolean before = other.compareTo(a1) < 0;
            assertThat(other.compareTo(a2) < 0).as(other).isEqualTo(before);
            assertThat(other.compareTo(bound) >= 0).as(other).isEqualTo(!before);
        }
        assertThat(a2.compareTo(bound)).isNegative();
    }
}
