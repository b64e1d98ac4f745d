package com.example.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryTest {
    private Inventory inventory;
    private Map<String, Integer> expected;
    private ArrayDeque<String> tokens;

    @BeforeEach
    void setUp() {
        inventory = new Inventory();
        expected = new HashMap<>();
        tokens = new ArrayDeque<>();
        tokens.add("restock-token");
    }

    @Test
    void countsWhatWasAdded() {
        // the expected counts live in a map made once per test: shared by every thread of a free-threaded run
        expected.put("apples", expected.getOrDefault("apples", 0) + 1);
        inventory.add("apples", 1);
        assertEquals(1, expected.get("apples"));
    }

    @Test
    void aRestockUsesTheToken() {
        String token = tokens.poll(); // one token per test: the second thread to poll gets null
        assertEquals(13, token.length());
    }

    @Test
    void addsFromEveryThreadAreCounted() {
        String item = "item-" + Thread.currentThread().getName();
        long before = inventory.count(item); // the instance lives on from iteration to iteration
        inventory.add(item, 2);
        inventory.add(item, 3);
        assertEquals(before + 5, inventory.count(item));
    }
}
