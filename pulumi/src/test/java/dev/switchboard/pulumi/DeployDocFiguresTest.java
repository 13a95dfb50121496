package dev.switchboard.pulumi;

import dev.switchboard.blueprint.Handshake;
import dev.switchboard.blueprint.Limits;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures docs/deploy.md gives for the edge's query-size rule are the blueprint's: the rule's limit
 * ({@link Handshake#maxQueryStringBytes}), the default token limit ({@link Limits#defaults()}) and the parts in between.
 * Round 3 found the doc still saying 4,620 and 4,096 after the token limit had become 3,072.
 */
class DeployDocFiguresTest {

    @Test
    void theQuerySizeFigures_areTheBlueprints() throws IOException {
        String doc = Files.readString(PipelineDocTest.ROOT.resolve("docs/deploy.md"));
        Limits defaults = Limits.defaults();
        // THEN the rule's sentence states the blueprint's sum and its parts
        assertThat(doc).contains(String.format(Locale.ROOT, "%,d bytes with the default %,d-byte token limit",
                        Handshake.maxQueryStringBytes(defaults), defaults.maxTokenBytes()))
                .contains("3 x " + Handshake.ROOM_MAX_CHARS + " (a")
                .contains("+ " + Handshake.OTHER_PARAMETERS_BYTES + " bytes for other parameters");
        // AND no other token or rule figure anywhere in the doc disagrees
        List<String> stale = new ArrayList<>();
        Matcher token = Pattern.compile("([0-9][0-9,]*)-byte token limit").matcher(doc);
        while (token.find()) {
            if (Integer.parseInt(token.group(1).replace(",", "")) != defaults.maxTokenBytes()) {
                stale.add(token.group());
            }
        }
        Matcher rule = Pattern.compile("([0-9][0-9,]*) bytes with the default").matcher(doc);
        while (rule.find()) {
            if (Integer.parseInt(rule.group(1).replace(",", "")) != Handshake.maxQueryStringBytes(defaults)) {
                stale.add(rule.group());
            }
        }
        assertThat(stale).as("figures in docs/deploy.md that are not the blueprint's").isEmpty();
    }
}
