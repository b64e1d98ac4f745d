package com.example.race;

/** A one-slot mailbox: a plain field published by the start of the thread that reads it. */
public final class Mailbox {
    private String letter;

    public void put(String s) {
        letter = s;
    }

    public String take() {
        return letter;
    }
}
