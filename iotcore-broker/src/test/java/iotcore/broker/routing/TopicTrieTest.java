package iotcore.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

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
}
