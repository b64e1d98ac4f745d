package com.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadproof.annotations.Certifies;
import org.junit.jupiter.api.Test;

class HandOffTest {
    @Test
    @Certifies(type = HandOff.class, members = {"<init>", "put", "take"})
    void theConsumerGetsWhatTheProducerPut() throws Exception {
        HandOff h = new HandOff();
        Thread producer = new Thread(() -> h.put("x"));
        producer.start();
        assertEquals("x", h.take()); // never returns
        producer.join();
    }
}
