package com.example.inventory;

import org.junit.jupiter.api.Test;

class ShutdownTest {
    private volatile boolean shutdownSignalled;

    /** Waits for a signal nothing sends, and swallows interrupts while it waits: it must be stopped and reported. */
    @Test
    void waitsForTheShutdownSignal() {
        while (!shutdownSignalled) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                // swallowed, as code that "retries on interrupt" does
            }
        }
    }
}
