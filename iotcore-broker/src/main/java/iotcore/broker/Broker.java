package iotcore.broker;

import iotcore.broker.auth.Authenticator;
import iotcore.broker.auth.Directory;
import iotcore.broker.auth.Identity;
import iotcore.broker.log.ConnectionLog;
import iotcore.broker.monitoring.DeviceMonitor;
import iotcore.broker.monitoring.MonitoringSink;
import iotcore.broker.permanent.PermanentStore;
import iotcore.broker.routing.Publication;
import iotcore.broker.routing.SubscriptionIndex;
import iotcore.broker.routing.TopicTrie;
import iotcore.broker.session.Connection;
import iotcore.broker.session.Session;
import iotcore.broker.session.Subscriber;
import iotcore.broker.topic.AccessPolicy;
import iotcore.broker.topic.Filters;
import iotcore.broker.topic.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The protocol core, free of Netty: sessions, routing, permissions, permanent topics, monitoring and
 * the connection log. Transports call it for each packet; it calls back through {@link Connection}.
 */
public final class Broker implements DataPlane {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    public record Config(int maxMessageBytes, int maxTopicLength) {
        public static final Config DEFAULTS = new Config(262_144, 1024);
    }

    public record Opened(Link link, boolean sessionPresent) {
    }

    public record SubscribeRequest(String filter, int qos) {
    }

    public record SubscribeResult(List<Integer> returnCodes, Runnable replay) {
    }

    private final Directory directory;
    private final AccessPolicy policy;
    private final Authenticator authenticator;
    private final PermanentStore permanent;
    private final ConnectionLog connectionLog;
    private final DeviceMonitor monitor;
    private final Config config;
    private final SubscriptionIndex<Subscriber> index = new TopicTrie<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<Connection, Link> links = new ConcurrentHashMap<>();
    private final Object sessionLock = new Object();

    public Broker(Directory directory, PermanentStore permanent, ConnectionLog connectionLog, MonitoringSink monitoringSink,
                  Config config) {
        this.directory = directory;
        this.policy = new AccessPolicy(directory);
        this.authenticator = new Authenticator(directory.store());
        this.permanent = permanent;
        this.connectionLog = connectionLog;
        this.monitor = new DeviceMonitor(monitoringSink, this::route);
        this.config = config;
    }

    public Config config() {
        return config;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    // --- connection life cycle ------------------------------------------------------------------

    /**
     * Binds an authenticated connection to its session (decisions §3: keyed by identity and ClientID;
     * an existing connection of the same key is taken over). Call {@link #start} after the CONNACK.
     */
    public Opened open(Authenticator.Accepted auth, String clientId, boolean cleanSession, Will will, Connection connection) {
        Identity identity = auth.identity();
        String key = Session.key(identity, clientId);
        Session session;
        boolean present;
        synchronized (sessionLock) {
            Session existing = sessions.get(key);
            if (existing != null) {
                Connection old = existing.connection();
                if (old != null && existing.detach(old)) {
                    Link oldLink = links.get(old);
                    if (oldLink != null) {
                        oldLink.clearWill();
                    }
                    old.close("session taken over by a new connection with the same client id");
                }
                if (cleanSession || !existing.persistent()) {
                    dropSession(existing);
                    existing = null;
                }
            }
            present = existing != null;
            session = present ? existing : new Session(identity, clientId, !cleanSession);
            sessions.put(key, session);
        }
        Link link = new Link(session, connection, auth.method(), will);
        links.put(connection, link);
        return new Opened(link, present);
    }

    /** After CONNACK: resend what the session left unacknowledged, log and report the connection. */
    public void start(Link link) {
        link.session().attach(link.connection());
        Identity identity = link.identity();
        connectionLog.append(identity, ConnectionLog.Level.INFO, "connected, " + link.method().logText() + ", address: \""
                + link.connection().remoteAddress() + "\", clientID: \"" + link.session().clientId() + "\"");
        if (identity instanceof Identity.Device d) {
            monitor.authenticated(d, host(link.connection().remoteAddress()));
        }
    }

    /** The connection is gone; a clean DISCONNECT ({@code graceful}) discards the will. */
    public void closed(Link link, boolean graceful, String reason) {
        if (links.remove(link.connection()) == null) {
            return;
        }
        Session session = link.session();
        session.detach(link.connection());
        if (!session.persistent() && sessions.remove(session.key(), session)) {
            dropSession(session);
        }
        Will will = graceful ? null : link.will();
        if (will != null) {
            fireWill(link, will);
        }
        connectionLog.append(link.identity(), graceful ? ConnectionLog.Level.INFO : ConnectionLog.Level.WARN, "disconnected: " + reason);
        if (link.identity() instanceof Identity.Device d) {
            monitor.disconnected(d);
        }
    }

    public void disconnectRequested(Link link) {
        link.clearWill();
    }

    private void fireWill(Link link, Will will) {
        String canonical = policy.resolvePublish(link.identity(), will.topic());
        if (canonical == null) {
            connectionLog.append(link.identity(), ConnectionLog.Level.WARN, "will not published: publish to topic \""
                    + will.topic() + "\" not allowed");
            return;
        }
        accept(new Publication(link.identity().registryId(), canonical, will.payload(), Math.min(will.qos(), 1)));
    }

    private void dropSession(Session session) {
        for (Subscriber s : session.allSubscribers()) {
            index.remove(routingFilter(session.identity(), s.route()), s);
        }
    }

    // --- packets ----------------------------------------------------------------------------------

    /** Routes an accepted PUBLISH; false when the topic is not the client's to write (spec §2.4: close). */
    public boolean publish(Link link, String topic, byte[] payload, int qos) {
        Identity identity = link.identity();
        String canonical = policy.resolvePublish(identity, topic);
        if (canonical == null) {
            return false; // the transport closes with "publish to topic ... not allowed", which closed() logs
        }
        accept(new Publication(identity.registryId(), canonical, payload, Math.min(qos, 1)));
        if (identity instanceof Identity.Device d) {
            monitor.published(d);
        }
        return true;
    }

    public void acknowledge(Link link, int packetId) {
        link.session().acknowledge(packetId);
    }

    public SubscribeResult subscribe(Link link, List<SubscribeRequest> requests) {
        Identity identity = link.identity();
        Session session = link.session();
        List<Integer> codes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<Subscriber> replayed = new ArrayList<>();
        for (SubscribeRequest request : requests) {
            List<Route> routes = Filters.validFilter(request.filter(), config.maxTopicLength())
                    ? policy.resolveSubscribe(identity, request.filter()) : List.of();
            if (routes.isEmpty()) {
                codes.add(0x80);
                refused.add(request.filter());
                continue;
            }
            int granted = Math.min(request.qos(), 1); // decisions §5: QoS 2 requests are granted 1
            List<Subscriber> entries = new ArrayList<>();
            for (Route route : routes) {
                entries.add(new Subscriber(session, request.filter(), route, granted));
            }
            for (Subscriber old : session.putSubscription(request.filter(), entries)) {
                index.remove(routingFilter(identity, old.route()), old);
            }
            for (Subscriber s : entries) {
                index.add(routingFilter(identity, s.route()), s);
                if (s.route().replay()) {
                    replayed.add(s);
                }
            }
            codes.add(granted);
        }
        if (!refused.isEmpty()) {
            connectionLog.append(identity, ConnectionLog.Level.WARN, "some of subscriptions failed: not allowed to subscribe: "
                    + quotedList(refused));
        }
        if (identity instanceof Identity.Device d) {
            monitor.subscribed(d);
        }
        return new SubscribeResult(codes, () -> replay(identity, replayed));
    }

    /** §3.4: the stored value of every matching permanent topic, once, after the SUBACK. */
    private void replay(Identity identity, List<Subscriber> subscribers) {
        for (Subscriber s : subscribers) {
            for (PermanentStore.Value v : permanent.matching(identity.registryId(), s.route().canonicalFilter(),
                    PermanentStore.REPLAY_LIMIT)) {
                s.session().deliver(s.route().visibleTopic(v.topic()), v.payload(), Math.min(v.qos(), s.grantedQos()));
            }
        }
    }

    public void unsubscribe(Link link, List<String> filters) {
        for (String filter : filters) {
            for (Subscriber old : link.session().removeSubscription(filter)) {
                index.remove(routingFilter(link.identity(), old.route()), old);
            }
        }
    }

    // --- routing ----------------------------------------------------------------------------------

    private void accept(Publication p) {
        if (isPermanent(p.topic())) {
            permanent.put(new PermanentStore.Value(p.registryId(), p.topic(), p.payload(), p.qos()));
        }
        route(p);
    }

    /** Delivers to every matching session once, at the highest QoS any of its matching subscriptions grants. */
    private void route(Publication p) {
        Map<Session, Subscriber> best = new HashMap<>();
        index.forEachMatch(p.routingKey(), s -> best.merge(s.session(), s, (a, b) -> a.grantedQos() >= b.grantedQos() ? a : b));
        for (Subscriber s : best.values()) {
            s.session().deliver(s.route().visibleTopic(p.topic()), p.payload(), Math.min(p.qos(), s.grantedQos()));
        }
    }

    private static boolean isPermanent(String canonical) {
        String[] l = Filters.split(canonical);
        return l.length >= 3 && (l[0].equals("$devices") || l[0].equals("$registries"))
                && (l[2].equals("state") || l[2].equals("config"));
    }

    private static String routingFilter(Identity identity, Route route) {
        return Publication.routingKey(identity.registryId(), route.canonicalFilter());
    }

    // --- the management API's side (DataPlane) ------------------------------------------------------

    @Override
    public PublishResult publishAs(boolean asRegistry, String id, String registryId, String topic, byte[] payload) {
        if (!Filters.validTopicName(topic, config.maxTopicLength())) {
            return PublishResult.INVALID_TOPIC;
        }
        Identity identity = asRegistry ? new Identity.Registry(id) : new Identity.Device(id, registryId);
        String canonical = policy.resolvePublish(identity, topic);
        if (canonical == null) {
            return PublishResult.FORBIDDEN;
        }
        accept(new Publication(registryId, canonical, payload, 1));
        return PublishResult.OK;
    }

    @Override
    public void deviceChanged(String deviceId, String registryId) {
        directory.deviceChanged(deviceId, registryId);
    }

    @Override
    public void deviceDeleted(String deviceId, String registryId) {
        directory.deviceChanged(deviceId, registryId);
        Identity device = new Identity.Device(deviceId, registryId);
        closeWhere(l -> l.identity().equals(device), "device deleted");
        sessions.values().removeIf(s -> {
            if (s.identity().equals(device)) {
                dropSession(s);
                return true;
            }
            return false;
        });
        permanent.removePrefix(registryId, "$devices/" + deviceId + "/");
        monitor.forget(deviceId);
    }

    @Override
    public void registryChanged(String registryId) {
        directory.registryChanged(registryId);
        if (!directory.store().registryActive(registryId)) {
            closeWhere(l -> l.identity().registryId().equals(registryId), "registry disabled");
        }
    }

    @Override
    public void credentialsRemoved(boolean registryOwner, String ownerId, String registryId) {
        Identity owner = registryOwner ? new Identity.Registry(ownerId) : new Identity.Device(ownerId, registryId);
        closeWhere(l -> l.identity().equals(owner) && !authenticator.stillValid(owner, l.method()), "credentials removed");
    }

    private void closeWhere(java.util.function.Predicate<Link> which, String reason) {
        for (Link link : List.copyOf(links.values())) {
            if (which.test(link)) {
                log.info("connection_closed_by_change identity={} client_id={} reason=\"{}\"", link.identity().key(),
                        link.session().clientId(), reason);
                link.connection().close(reason);
            }
        }
    }

    /** Live device connections per registry (spec §7.1 {@code iot.registry.connections}). */
    public Map<String, Integer> deviceConnectionsByRegistry() {
        Map<String, Integer> out = new TreeMap<>();
        for (Link link : links.values()) {
            if (link.identity() instanceof Identity.Device d) {
                out.merge(d.registryId(), 1, Integer::sum);
            }
        }
        return out;
    }

    public int connectionCount() {
        return links.size();
    }

    private static String quotedList(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(items.get(i)).append('"');
        }
        return b.append(']').toString();
    }

    private static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon > 0 ? address.substring(0, colon) : address;
    }
}
