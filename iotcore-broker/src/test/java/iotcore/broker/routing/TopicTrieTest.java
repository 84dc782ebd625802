package iotcore.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import iotcore.broker.topic.Filters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTrieTest {

    private static List<String> matches(TopicTrie<String> trie, String topic) {
        List<String> out = new ArrayList<>();
        trie.forEachMatch(topic, out::add);
        return out;
    }

    @Test
    void exactPlusAndHashSubscriptionsAllMatch() {
        TopicTrie<String> trie = new TopicTrie<>();
        trie.add("r/$devices/d/events", "exact");
        trie.add("r/$devices/+/events", "plus");
        trie.add("r/$devices/#", "hash");
        trie.add("r/$devices/d/events/#", "parent");
        trie.add("r/$devices/d/state", "other");

        assertThat(matches(trie, "r/$devices/d/events")).containsExactlyInAnyOrder("exact", "plus", "hash", "parent");
        assertThat(matches(trie, "r2/$devices/d/events")).isEmpty();
    }

    @Test
    void removedSubscriptionsStopMatchingAndEmptyBranchesArePruned() {
        TopicTrie<String> trie = new TopicTrie<>();
        trie.add("a/b/c", "s1");
        trie.add("a/+/c", "s2");
        trie.remove("a/b/c", "s1");
        trie.remove("a/+/c", "s2");

        assertThat(matches(trie, "a/b/c")).isEmpty();
        trie.add("a/b/c", "s3");
        assertThat(matches(trie, "a/b/c")).containsExactly("s3");
    }

    @Test
    void everyFilterMatchesExactlyTheTopicsFiltersMatchesSays() {
        List<String> filters = List.of("#", "+", "a", "a/#", "a/+", "a/b", "a/b/#", "a/+/c", "+/+/+", "a//c", "a/+/", "a/",
                "/", "/#", "+/", "a/b/c/#", "ä/ö", "ä/+", "$devices/+/events/#");
        List<String> topics = List.of("a", "a/b", "a/b/c", "a/b/c/d", "a//c", "a/", "/", "//", "", "b", "ä/ö", "ä/öö",
                "$devices/d1/events", "$devices/d1/events/x", "$devices//events");
        TopicTrie<String> trie = new TopicTrie<>();
        filters.forEach(f -> trie.add(f, f));

        for (String topic : topics) {
            assertThat(matches(trie, topic)).as(topic)
                    .containsExactlyInAnyOrderElementsOf(filters.stream().filter(f -> Filters.matches(f, topic)).toList());
        }
    }

    @Test
    void levelsThatShareAHashAreToldApart() {
        TopicTrie<String> trie = new TopicTrie<>();
        trie.add("r/Aa/x", "Aa"); // "Aa" and "BB" have the same String hash
        trie.add("r/BB/x", "BB");

        assertThat(matches(trie, "r/Aa/x")).containsExactly("Aa");
        assertThat(matches(trie, "r/BB/x")).containsExactly("BB");
        assertThat(matches(trie, "r/Ab/x")).isEmpty();
    }
}
