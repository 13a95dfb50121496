package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EdgeRulesTest {
    private static final Pattern HANDSHAKE = Pattern.compile(EdgeRules.HANDSHAKE_QUERY_REGEX);

    @Test
    void theHandshakeRegex_acceptsJwtsAndRooms_andNothingThatCarriesAnAttack() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwt = b64.encodeToString("{\"alg\":\"HS256\"}".getBytes()) + "."
                + b64.encodeToString("{\"sub\":\"rO0ABalice\"}".getBytes()) + "." + "rO0ABXQ-_sig";
        assertThat(HANDSHAKE.matcher("token=" + jwt).matches()).isTrue();
        assertThat(HANDSHAKE.matcher("token=" + jwt + "&room=lobby:eu%3Aa%40b").matches()).isTrue();
        assertThat(HANDSHAKE.matcher("room=lobby&token=" + jwt).matches()).isTrue();
        for (String bad : new String[] {"token=" + jwt + "&room=%3Cscript%3E", "token=" + jwt + "&x=../../etc/passwd",
                "token=${jndi:ldap://x}", "token=" + jwt + "&room=a/../b", "room=lobby", "token=a.b"}) {
            assertThat(HANDSHAKE.matcher(bad).matches()).as(bad).isFalse();
        }
    }

    @Test
    void everyScopedRuleHasALabel_andOnlyTheSizeRuleIsReplaced() {
        assertThat(EdgeRules.scopedLabels()).hasSize(7).allSatisfy(l -> assertThat(l).startsWith("awswaf:managed:aws:"));
        assertThat(EdgeRules.HANDSHAKE_RISKS.stream().filter(r -> r.handling() == EdgeRules.Handling.REPLACED_BY_SIZE_RULE)
                .map(EdgeRules.RiskyRule::name)).containsExactly("SizeRestrictions_QUERYSTRING");
        assertThat(EdgeRules.countedRules().get(EdgeRules.IP_REPUTATION)).isEmpty();
    }
}
