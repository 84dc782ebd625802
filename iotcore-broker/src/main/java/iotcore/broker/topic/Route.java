package iotcore.broker.topic;

/**
 * One canonical filter a client filter stands for after alias resolution and narrowing. Messages
 * matched through it are delivered under the client's own names: a canonical topic starting with
 * {@code canonicalPrefix} is shown with {@code visiblePrefix} instead (aliases, {@code $me}).
 * {@code replay}: whether stored permanent values are sent on subscribe (not through aliases, §3.4).
 */
public record Route(String canonicalFilter, String canonicalPrefix, String visiblePrefix, boolean replay) {

    public static Route direct(String canonicalFilter) {
        return new Route(canonicalFilter, null, null, true);
    }

    /** The topic name the subscriber sees for a canonical topic. */
    public String visibleTopic(String canonicalTopic) {
        if (canonicalPrefix != null && canonicalTopic.startsWith(canonicalPrefix)) {
            return visiblePrefix + canonicalTopic.substring(canonicalPrefix.length());
        }
        return canonicalTopic;
    }
}
