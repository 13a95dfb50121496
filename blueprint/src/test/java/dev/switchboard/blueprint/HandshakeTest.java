package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandshakeTest {
    @Test
    void theLargestHandshake_fitsATokenOfMaxTokenBytes_andTheLongestEncodedRoom() {
        Limits l = Limits.defaults().toBuilder().maxTokenBytes(Limits.MAX_TOKEN_BYTES).build();
        String token = "a".repeat(l.maxTokenBytes());
        String room = "%3A".repeat(Handshake.ROOM_MAX_CHARS);
        String query = "token=" + token + "&room=" + room;
        assertThat(query.length()).isLessThanOrEqualTo(Handshake.maxQueryStringBytes(l));
        Limits small = Limits.defaults().toBuilder().maxTokenBytes(1024).build();
        assertThat(Handshake.maxQueryStringBytes(small))
                .isEqualTo(Handshake.maxQueryStringBytes(l) - (Limits.MAX_TOKEN_BYTES - 1024));
    }

    @Test
    void theLargestHandshakeUrl_staysWithinApiGatewaysUrlQuota() {
        // "wss://" + a 253-character host + "/" + a 128-character stage + "?" + the largest query string
        int url = "wss://".length() + 253 + 1 + 128 + 1 + Handshake.maxQueryStringBytes(Limits.defaults())
                - Handshake.OTHER_PARAMETERS_BYTES;
        assertThat(url).isLessThanOrEqualTo(Limits.MAX_URL_CHARS);
    }
}
