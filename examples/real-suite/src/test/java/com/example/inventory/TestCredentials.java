package com.example.inventory;

/** A test helper as real suites have them: one password for every test, rotated by the tests that need a fresh one. */
final class TestCredentials {
    static String password = "initial";
    private static int rotations;

    private TestCredentials() {
    }

    static String rotate() {
        rotations++;
        password = "secret-" + rotations;
        return password;
    }
}
