package com.example.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportExportTest {
    /** A long test: 3 s on its own (it waits on a slow export), 6 s for two iterations. */
    @Test
    void exportsTheYearlyReport() throws InterruptedException {
        Inventory inventory = new Inventory();
        for (int month = 0; month < 12; month++) {
            inventory.add("month", 1);
            Thread.sleep(250);
        }
        assertEquals(12, inventory.count("month"));
    }
}
