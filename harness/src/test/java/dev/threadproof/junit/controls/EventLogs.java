package dev.threadproof.junit.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An append-only event log: a plain ArrayList (racy) and the same list behind a lock. */
public final class EventLogs {
    private EventLogs() {
    }

    interface EventLog {
        void record(String event);

        List<String> events();
    }

    /** Broken: two appends can write the same slot, lose an element, or overrun the array while it grows. */
    static final class RacyArrayListLog implements EventLog {
        private final List<String> events = new ArrayList<>();

        @Override
        public void record(String event) {
            events.add(event);
        }

        @Override
        public List<String> events() {
            return events;
        }
    }

    static final class LockedLog implements EventLog {
        private final List<String> events = new ArrayList<>();

        @Override
        public synchronized void record(String event) {
            events.add(event);
        }

        @Override
        public synchronized List<String> events() {
            return new ArrayList<>(events);
        }
    }

    abstract static class Case {
        static final int EVENTS = 20_000;
        final EventLog log = create();
        final AtomicInteger bodies = new AtomicInteger();

        abstract EventLog create();

        @Test
        void recordsEveryEvent() {
            for (int i = 0; i < EVENTS; i++) {
                log.record("event " + i);
            }
            bodies.incrementAndGet();
        }

        @AfterEach
        void keptEveryEvent() {
            List<String> events = log.events();
            assertEquals(bodies.get() * EVENTS, events.size());
            assertFalse(events.contains(null), "no empty slot");
        }
    }

    static final class RacyCase extends Case {
        @Override
        EventLog create() {
            return new RacyArrayListLog();
        }
    }

    static final class CorrectCase extends Case {
        @Override
        EventLog create() {
            return new LockedLog();
        }
    }
}
