package com.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadproof.annotations.Certifies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CounterTest {
    @Test
    @Certifies(type = Counter.class, members = {"<init>", "increment", "get"})
    void noIncrementIsLost() throws Exception {
        Counter c = new Counter();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < Limits.THREADS; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < 10_000; i++) {
                    c.increment();
                }
            });
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(Limits.THREADS * 10_000L, c.get());
    }
}
