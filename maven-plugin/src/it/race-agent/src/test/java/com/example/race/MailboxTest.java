package com.example.race;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MailboxTest {
    @Test
    void aLetterPutBeforeTheReaderStartsIsRead() throws InterruptedException {
        Mailbox box = new Mailbox();
        box.put("hello");
        String[] read = new String[1];
        Thread reader = new Thread(() -> read[0] = box.take());
        reader.start();
        reader.join();
        assertEquals("hello", read[0]);
    }
}
