package iotcore.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiltersTest {

    @Test
    void hashMatchesTheParentLevelAndEverythingBelow() {
        assertThat(Filters.matches("a/#", "a")).isTrue();
        assertThat(Filters.matches("a/#", "a/b/c")).isTrue();
        assertThat(Filters.matches("a/#", "ab")).isFalse();
    }

    @Test
    void plusMatchesExactlyOneLevelIncludingAnEmptyOne() {
        assertThat(Filters.matches("a/+", "a/b")).isTrue();
        assertThat(Filters.matches("a/+", "a/")).isTrue();
        assertThat(Filters.matches("a/+", "a/b/c")).isFalse();
        assertThat(Filters.matches("a/+", "a")).isFalse();
    }

    @Test
    void intersectionNarrowsAFilterToATemplate() {
        assertThat(Filters.intersect("$devices/#", "$devices/+/events/#")).isEqualTo("$devices/+/events/#");
        assertThat(Filters.intersect("$devices/d1/+", "$devices/d1/commands/#")).isEqualTo("$devices/d1/commands");
        assertThat(Filters.intersect("$devices/d1/events", "$devices/d1/commands/#")).isNull();
        assertThat(Filters.intersect("$devices/+", "$devices/+/events/#")).isNull();
        assertThat(Filters.intersect("$registries/+/commands/+", "$registries/r1/commands/#")).isEqualTo("$registries/r1/commands/+");
        assertThat(Filters.intersect("$monitoring/x/json/#", "$monitoring/+/json")).isEqualTo("$monitoring/x/json");
    }

    @Test
    void topicNamesAndFiltersAreValidated() {
        assertThat(Filters.validTopicName("a/b", 1024)).isTrue();
        assertThat(Filters.validTopicName("a/+", 1024)).isFalse();
        assertThat(Filters.validTopicName("a\u0000b", 1024)).isFalse();
        assertThat(Filters.validTopicName("a".repeat(1025), 1024)).isFalse();
        assertThat(Filters.validFilter("a/#", 1024)).isTrue();
        assertThat(Filters.validFilter("a/#/b", 1024)).isFalse();
        assertThat(Filters.validFilter("a/b+", 1024)).isFalse();
        assertThat(Filters.validFilter("+/+/#", 1024)).isTrue();
    }
}
