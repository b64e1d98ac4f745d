package com.example.inventory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShutdownTest {
    private volatile boolean shutdownSignalled;

    /**
     * Waits up to a minute for a signal nothing sends, swallowing interrupts while it waits, then fails: run once it
     * fails after a minute, free-threaded the harness must stop it at its limit and report its threads.
     */
    @Test
    void waitsForTheShutdownSignal() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!shutdownSignalled && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                // swallowed, as code that "retries on interrupt" does
            }
        }
        assertTrue(shutdownSignalled, "no shutdown signal within a minute");
    }
}
