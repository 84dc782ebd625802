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
import iotcore.broker.store.SessionJournal;
import iotcore.broker.store.StoreOp;
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
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The protocol core, free of Netty: sessions, routing, permissions, permanent topics, monitoring and
 * the connection log. Transports call it for each packet; it calls back through {@link Connection}.
 */
public final class Broker implements DataPlane {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    /** {@code sessionExpiry}: how long a disconnected persistent session is kept. */
    public record Config(int maxMessageBytes, int maxTopicLength, Session.Limits sessionLimits, Duration sessionExpiry) {
        public static final Config DEFAULTS = new Config(262_144, 1024, Session.Limits.DEFAULT, Duration.ofDays(7));
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
    private final SessionJournal journal;
    private final Map<String, LongAdder> refusedByRegistry = new ConcurrentHashMap<>();
    private final Map<String, Long> refusalLoggedAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("session-housekeeping").unstarted(r));

    public Broker(Directory directory, PermanentStore permanent, SessionJournal journal, ConnectionLog connectionLog,
                  MonitoringSink monitoringSink, Config config) {
        this.directory = directory;
        this.policy = new AccessPolicy(directory);
        this.authenticator = new Authenticator(directory.store());
        this.permanent = permanent;
        this.journal = journal;
        this.connectionLog = connectionLog;
        this.monitor = new DeviceMonitor(monitoringSink, p -> accept(p, null));
        this.config = config;
        long sweepMillis = Math.max(500, Math.min(config.sessionExpiry().toMillis() / 3, 30_000));
        housekeeping.scheduleWithFixedDelay(this::housekeep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /** Brings back the persistent sessions the journal kept, their subscriptions re-checked against today's rights. */
    public void restore() {
        int restored = 0;
        int dropped = 0;
        for (SessionJournal.StoredSession stored : journal.loadSessions()) {
            Identity identity = stored.identity();
            boolean exists = identity instanceof Identity.Registry r ? directory.store().registryExists(r.id())
                    : directory.registryOfDevice(identity.id()).isPresent();
            if (!exists) {
                journal.commit(journal.deleteSession(stored.id()), false, null);
                dropped++;
                continue;
            }
            Session session = Session.restored(stored, config.sessionLimits(), journal);
            stored.subscriptions().forEach((filter, qos) -> {
                List<Subscriber> entries = new ArrayList<>();
                for (Route route : policy.resolveSubscribe(identity, filter)) {
                    entries.add(new Subscriber(session, filter, route, qos));
                }
                session.putSubscription(filter, entries);
                entries.forEach(s -> index.add(routingFilter(identity, s.route()), s));
            });
            sessions.put(session.key(), session);
            restored++;
        }
        log.info("sessions_restored count={} dropped_for_deleted_identities={}", restored, dropped);
    }

    /** Forgets persistent sessions disconnected for longer than the expiry; saves delivery progress of the others. */
    private void housekeep() {
        try {
            long now = System.currentTimeMillis();
            long expiry = config.sessionExpiry().toMillis();
            for (Session s : List.copyOf(sessions.values())) {
                long since = s.disconnectedAt();
                if (s.persistent() && since > 0 && now - since > expiry && sessions.remove(s.key(), s)) {
                    dropSession(s);
                    log.info("session_expired session={}/{} disconnected_ms={}", s.identity().key(), s.clientId(), now - since);
                } else if (s.metaDirty()) {
                    journal.commit(List.of(s.meta()), false, null);
                }
            }
        } catch (RuntimeException e) {
            log.warn("session_housekeeping_failed: {}", e.toString());
        }
    }

    /** Stops housekeeping and saves the delivery progress of persistent sessions (the journal is closed after). */
    public void close() {
        housekeeping.shutdownNow();
        for (Session s : sessions.values()) {
            if (s.persistent()) {
                journal.commit(List.of(s.meta()), false, null);
            }
        }
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
            session = present ? existing : new Session(identity, clientId, !cleanSession, config.sessionLimits(), journal);
            sessions.put(key, session);
        }
        if (!present && !cleanSession) {
            journal.commit(List.of(session.meta()), false, null);
        }
        Link link = new Link(session, connection, auth.method(), will);
        links.put(connection, link);
        return new Opened(link, present);
    }

    /** Whether {@link #warm} has nothing left to load for this identity (then a connect needs no database query). */
    public boolean warmed(Identity identity) {
        return directory.cached(identity);
    }

    /** Loads into the directory's cache what this identity's packets will look up (call off the event loop). */
    public void warm(Identity identity) {
        directory.aliases(identity.registryId());
        if (identity instanceof Identity.Device d) {
            directory.registryOfDevice(d.id());
        }
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
        accept(new Publication(link.identity().registryId(), canonical, will.payload(), Math.min(will.qos(), 1)), null);
    }

    private void dropSession(Session session) {
        for (Subscriber s : session.allSubscribers()) {
            index.remove(routingFilter(session.identity(), s.route()), s);
        }
        if (session.persistent()) {
            journal.commit(journal.deleteSession(session.id()), false, null);
        }
    }

    // --- packets ----------------------------------------------------------------------------------

    /**
     * Routes an accepted PUBLISH; false when the topic is not the client's to write (spec §2.4: close).
     * {@code onDurable} runs once the message is on disk for every persistent session it was queued for
     * (at once when there are none), and for QoS 2 with the publisher's {@code packetId} recorded in its
     * session (see {@link #qos2Pending}): only then may the publisher be acknowledged.
     */
    public boolean publish(Link link, String topic, byte[] payload, int qos, int packetId, Runnable onDurable) {
        Identity identity = link.identity();
        String canonical = policy.resolvePublish(identity, topic);
        if (canonical == null) {
            return false; // the transport closes with "publish to topic ... not allowed", which closed() logs
        }
        StoreOp received = qos == 2 ? link.session().receivedQos2(packetId) : null;
        accept(new Publication(identity.registryId(), canonical, payload, Math.min(qos, 1)), received, onDurable);
        if (identity instanceof Identity.Device d) {
            monitor.published(d);
        }
        return true;
    }

    /** PUBACK from the client; call {@link #acknowledged} once after a batch of them. */
    public void acknowledge(Link link, int packetId) {
        link.session().acknowledge(packetId);
    }

    /** After the PUBACKs of one read: the freed slots of the window are filled in one go (one sent mark for them). */
    public void acknowledged(Link link) {
        link.session().pump();
    }

    /** A QoS 2 PUBLISH with this packet id was received and not released: a resend gets PUBREC and is not routed. */
    public boolean qos2Pending(Link link, int packetId) {
        return link.session().qos2Pending(packetId);
    }

    /** PUBREL: {@code onDurable} runs once the packet id is free on disk too; then PUBCOMP may go. */
    public void released(Link link, int packetId, Runnable onDurable) {
        StoreOp op = link.session().releasedQos2(packetId);
        if (op == null) {
            onDurable.run();
        } else {
            // Synced: after PUBCOMP the client may reuse the id for a new message, which must not look like a resend.
            journal.commit(List.of(op), true, onDurable);
        }
    }

    public SubscribeResult subscribe(Link link, List<SubscribeRequest> requests) {
        Identity identity = link.identity();
        Session session = link.session();
        List<Integer> codes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<Subscriber> replayed = new ArrayList<>();
        List<StoreOp> journaled = new ArrayList<>();
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
            journaled.add(journal.subscribe(session.id(), request.filter(), granted));
            for (Subscriber s : entries) {
                index.add(routingFilter(identity, s.route()), s);
                if (s.route().replay()) {
                    replayed.add(s);
                }
            }
            codes.add(granted);
        }
        if (session.persistent() && !journaled.isEmpty()) {
            // Durable before SUBACK: a message acknowledged later must find this subscription after a crash.
            journaled.add(session.meta());
            awaitDurable(journaled);
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
                deliver(s, v.registryId(), s.route().visibleTopic(v.topic()), v.payload(), Math.min(v.qos(), s.grantedQos()), null);
                s.session().pump();
            }
        }
    }

    public void unsubscribe(Link link, List<String> filters) {
        List<StoreOp> ops = new ArrayList<>();
        for (String filter : filters) {
            for (Subscriber old : link.session().removeSubscription(filter)) {
                index.remove(routingFilter(link.identity(), old.route()), old);
            }
            ops.add(journal.unsubscribe(link.session().id(), filter));
        }
        if (link.session().persistent()) {
            journal.commit(ops, false, null);
        }
    }

    // --- routing ----------------------------------------------------------------------------------

    /**
     * Stores a permanent value, queues the message for every matching session and submits the durable
     * changes as one group-committed write; {@code onDurable} (may be null) runs when it is on disk.
     */
    private void accept(Publication p, Runnable onDurable) {
        accept(p, null, onDurable);
    }

    private void accept(Publication p, StoreOp received, Runnable onDurable) {
        List<StoreOp> ops = new ArrayList<>();
        if (received != null) {
            ops.add(received);
        }
        if (isPermanent(p.topic())) {
            PermanentStore.Value value = new PermanentStore.Value(p.registryId(), p.topic(), p.payload(), p.qos());
            permanent.put(value);
            ops.add(journal.permanent(value));
        }
        List<Session> touched = route(p, ops);
        if (ops.isEmpty()) {
            if (onDurable != null) {
                onDurable.run();
            }
        } else {
            journal.commit(ops, p.qos() > 0, onDurable);
        }
        touched.forEach(Session::pump);
    }

    /** Queues for every matching session once, at the highest QoS any of its matching subscriptions grants. */
    private List<Session> route(Publication p, List<StoreOp> ops) {
        Map<Session, Subscriber> best = new HashMap<>();
        index.forEachMatch(p.routingKey(), s -> best.merge(s.session(), s, (a, b) -> a.grantedQos() >= b.grantedQos() ? a : b));
        List<Session> touched = new ArrayList<>(best.size());
        for (Subscriber s : best.values()) {
            if (deliver(s, p.registryId(), s.route().visibleTopic(p.topic()), p.payload(), Math.min(p.qos(), s.grantedQos()), ops)) {
                touched.add(s.session());
            }
        }
        return touched;
    }

    /** Hands one message to one session; true when a QoS 1 copy was queued (the caller then pumps). */
    private boolean deliver(Subscriber s, String registryId, String topic, byte[] payload, int qos, List<StoreOp> ops) {
        Session session = s.session();
        if (qos == 0) {
            session.deliverQos0(topic, payload);
            return false;
        }
        switch (session.enqueue(topic, payload)) {
            case Session.Enqueued.Accepted a -> {
                if (a.op() != null) {
                    if (ops != null) {
                        ops.add(a.op());
                    } else {
                        journal.commit(List.of(a.op()), true, null);
                    }
                }
                return true;
            }
            case Session.Enqueued.Refused r -> {
                refusedByRegistry.computeIfAbsent(session.identity().registryId(), k -> new LongAdder()).increment();
                long now = System.currentTimeMillis();
                Long last = refusalLoggedAt.get(session.key());
                if (last == null || now - last >= 1000) {
                    refusalLoggedAt.put(session.key(), now);
                    log.warn("session_queue_full session={}/{} dropped_total={} registry={} limit_messages={} limit_bytes={}",
                            session.identity().key(), session.clientId(), r.refusedTotal(), registryId,
                            config.sessionLimits().maxMessages(), config.sessionLimits().maxBytes());
                }
                return false;
            }
        }
    }

    /** Blocks (never on an event loop) until {@code ops} are synced. */
    private void awaitDurable(List<StoreOp> ops) {
        CountDownLatch done = new CountDownLatch(1);
        journal.commit(ops, true, done::countDown);
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the store did not confirm a write within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store", e);
        }
    }

    /** {@code $devices/<id>/state|config[/...]} or the same under {@code $registries}: read in place, per PUBLISH. */
    static boolean isPermanent(String canonical) {
        int id;
        if (canonical.startsWith("$devices/")) {
            id = 9;
        } else if (canonical.startsWith("$registries/")) {
            id = 12;
        } else {
            return false;
        }
        int slash = canonical.indexOf('/', id);
        return slash > id && (levelAt(canonical, slash + 1, "state") || levelAt(canonical, slash + 1, "config"));
    }

    private static boolean levelAt(String topic, int from, String level) {
        int end = from + level.length();
        return topic.startsWith(level, from) && (end == topic.length() || topic.charAt(end) == '/');
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
        CountDownLatch durable = new CountDownLatch(1);
        accept(new Publication(registryId, canonical, payload, 1), durable::countDown);
        try {
            durable.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        authenticator.identityChanged(device);
        closeWhere(l -> l.identity().equals(device), "device deleted");
        sessions.values().removeIf(s -> {
            if (s.identity().equals(device)) {
                dropSession(s);
                return true;
            }
            return false;
        });
        permanent.removePrefix(registryId, "$devices/" + deviceId + "/");
        journal.commit(List.of(journal.removePermanent(registryId, "$devices/" + deviceId + "/")), false, null);
        monitor.forget(deviceId);
    }

    @Override
    public void registryChanged(String registryId) {
        directory.registryChanged(registryId);
        authenticator.registryChanged(registryId);
        if (!directory.store().registryActive(registryId)) {
            closeWhere(l -> l.identity().registryId().equals(registryId), "registry disabled");
        }
    }

    @Override
    public void credentialsRemoved(boolean registryOwner, String ownerId, String registryId) {
        Identity owner = registryOwner ? new Identity.Registry(ownerId) : new Identity.Device(ownerId, registryId);
        authenticator.credentialsRemoved(owner);
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

    /** QoS 1 messages refused because a session's queue was full, per registry of the session. */
    public Map<String, Long> queueRefusalsByRegistry() {
        Map<String, Long> out = new TreeMap<>();
        refusedByRegistry.forEach((r, n) -> out.put(r, n.sum()));
        return out;
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
