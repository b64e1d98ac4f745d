package com.example.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void loginUsesTheFreshPassword() {
        String fresh = TestCredentials.rotate();
        assertEquals(fresh, TestCredentials.password); // two threads rotating at once would break this
    }

    @Test
    void passwordIsNeverBlank() {
        assertFalse(TestCredentials.password.isBlank());
    }
}
