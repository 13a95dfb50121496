package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandshakeTest {
    @Test
    void theLargestHandshake_fitsATokenOfMaxTokenBytes_andTheLongestEncodedRoom() {
        Limits l = Limits.defaults().toBuilder().maxTokenBytes(8192).build();
        String token = "a".repeat(l.maxTokenBytes());
        String room = "%3A".repeat(Handshake.ROOM_MAX_CHARS);
        String query = "token=" + token + "&room=" + room;
        assertThat(query.length()).isLessThanOrEqualTo(Handshake.maxQueryStringBytes(l));
        assertThat(Handshake.maxQueryStringBytes(Limits.defaults()))
                .isEqualTo(Handshake.maxQueryStringBytes(l) - 4096);
    }
}
