package org.garant.server;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.CopyOnWriteArrayList;
import org.garant.store.Principal;
import org.garant.store.Releasability;

/**
 * The live feed of new events, violations and alerts, to Server-Sent Events clients and Cursor-on-Target sessions
 * alike. Each subscriber is held with its principal, and a record goes only to subscribers of nations it is
 * releasable to ({@link Releasability#releasableTo}, the same rule the store applies to every query). Thread-safe.
 */
final class LiveFeed {
    /** Where a subscriber's records go: {@code type} is event, violation or alert; {@code json} the stored body. */
    interface Sink {
        void send(String type, String json);

        boolean closed();

        void close();
    }

    private record Subscriber(Sink sink, Principal principal) {
    }

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    void subscribe(SseClient client, Principal p) {
        Sink sink = new Sink() {
            public void send(String type, String json) {
                client.sendEvent(type, json);
            }

            public boolean closed() {
                return client.terminated();
            }

            public void close() {
                client.close();
            }
        };
        Subscriber s = new Subscriber(sink, p);
        subscribers.add(s);
        client.onClose(() -> subscribers.remove(s));
        client.sendComment("garant live feed for " + p.name() + " (" + p.nation() + ")");
        client.keepAlive();
    }

    /** Adds a subscriber; returns what removes it. */
    Runnable subscribe(Sink sink, Principal p) {
        Subscriber s = new Subscriber(sink, p);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    /** Sends a record of type {@code event}, {@code violation} or {@code alert} to those who may see it. */
    void publish(String type, String json, Releasability rel) {
        for (Subscriber s : subscribers) {
            if (rel.releasableTo(s.principal().nation()) && !s.sink().closed()) {
                try {
                    s.sink().send(type, json);
                } catch (RuntimeException e) {
                    subscribers.remove(s);
                }
            }
        }
    }

    int size() {
        return subscribers.size();
    }

    void closeAll() {
        for (Subscriber s : subscribers) {
            s.sink().close();
        }
        subscribers.clear();
    }
}
