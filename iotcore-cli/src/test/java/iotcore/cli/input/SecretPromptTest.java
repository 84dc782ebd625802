package iotcore.cli.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretPromptTest {

    @Test
    void aLineFromStdinLeavesTheRestForLaterReads() {
        var in = new ByteArrayInputStream("pässword\r\nfirst message\n".getBytes(StandardCharsets.UTF_8));

        assertThat(SecretPrompt.readLine(in)).isEqualTo("pässword");
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first message\n");
    }

    @Test
    void endOfInputIsNoLineButALastLineWithoutNewlineCounts() {
        assertThat(SecretPrompt.readLine(new ByteArrayInputStream(new byte[0]))).isNull();
        assertThat(SecretPrompt.readLine(new ByteArrayInputStream("last".getBytes(StandardCharsets.UTF_8)))).isEqualTo("last");
    }
}
