package com.example.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfigTest {
    @Test
    void readsTheWarehouseFromASystemProperty() {
        System.setProperty("inventory.warehouse", "north");
        try {
            assertEquals("north", System.getProperty("inventory.warehouse"));
        } finally {
            System.clearProperty("inventory.warehouse");
        }
    }
}
