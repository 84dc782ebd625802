package iotcore.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import iotcore.cli.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValuesTest {

    @Test
    void commaSeparatedLabelsBecomeAnOrderedMap() {
        assertThat(KeyValues.parse("--labels", List.of("a=b,c=d")))
                .containsExactly(java.util.Map.entry("a", "b"), java.util.Map.entry("c", "d"));
    }

    @Test
    void repeatedFlagsAreMerged() {
        assertThat(KeyValues.parse("--labels", List.of("a=b", "c=d"))).containsOnlyKeys("a", "c");
    }

    @Test
    void topicAliasKeepsDollarSlashesAndIdPlaceholder() {
        assertThat(KeyValues.parse("--topic-aliases", List.of("ev='$devices/{id}/events',st=$devices/{id}/state")))
                .containsEntry("ev", "$devices/{id}/events")
                .containsEntry("st", "$devices/{id}/state");
    }

    @Test
    void anEmptyValueClearsTheMap() {
        assertThat(KeyValues.parse("--labels", List.of(""))).isEmpty();
    }

    @Test
    void anEntryWithoutEqualsSignIsRejectedNamingTheFlag() {
        assertThatThrownBy(() -> KeyValues.parse("--labels", List.of("a=b,oops")))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("--labels").hasMessageContaining("oops");
    }

    @Test
    void keysAcceptBareKeysAndKeyValuePairs() {
        assertThat(KeyValues.keys("--labels", List.of("a,b=x", "c"))).containsExactly("a", "b", "c");
    }
}
