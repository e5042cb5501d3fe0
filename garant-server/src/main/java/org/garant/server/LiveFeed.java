package org.garant.server;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.CopyOnWriteArrayList;
import org.garant.store.Principal;
import org.garant.store.Releasability;

/**
 * The live feed: Server-Sent Events of new events, violations and alerts. Each connected client is held with its
 * principal, and a record goes only to clients of nations it is releasable to ({@link Releasability#releasableTo}, the
 * same rule the store applies to every query). Thread-safe.
 */
final class LiveFeed {
    private record Subscriber(SseClient client, Principal principal) {
    }

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    void subscribe(SseClient client, Principal p) {
        Subscriber s = new Subscriber(client, p);
        subscribers.add(s);
        client.onClose(() -> subscribers.remove(s));
        client.sendComment("garant live feed for " + p.name() + " (" + p.nation() + ")");
        client.keepAlive();
    }

    /** Sends a record of type {@code event}, {@code violation} or {@code alert} to those who may see it. */
    void publish(String type, String json, Releasability rel) {
        for (Subscriber s : subscribers) {
            if (rel.releasableTo(s.principal().nation()) && !s.client().terminated()) {
                try {
                    s.client().sendEvent(type, json);
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
            s.client().close();
        }
        subscribers.clear();
    }
}
