package dev.threadproof.junit.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two balances whose sum is invariant: updated field by field without a lock (racy) and under one lock. */
public final class Accounts {
    private Accounts() {
    }

    static final long TOTAL = 1_000_000;

    interface Account {
        void transfer(long amount);

        long total();
    }

    /** Broken: a reader can see one field moved and not the other, and concurrent transfers lose updates. */
    static final class RacyTwoFieldAccount implements Account {
        private volatile long checking = TOTAL;
        private volatile long savings;

        @Override
        public void transfer(long amount) {
            checking -= amount;
            savings += amount;
        }

        @Override
        public long total() {
            return checking + savings;
        }
    }

    static final class LockedAccount implements Account {
        private long checking = TOTAL;
        private long savings;

        @Override
        public synchronized void transfer(long amount) {
            checking -= amount;
            savings += amount;
        }

        @Override
        public synchronized long total() {
            return checking + savings;
        }
    }

    abstract static class Case {
        final Account account = create();

        abstract Account create();

        @Test
        void transfersKeepTheTotal() {
            for (int i = 0; i < 50_000; i++) {
                account.transfer(1);
                assertEquals(TOTAL, account.total());
            }
        }

        @AfterEach
        void totalKeptAtTheEnd() {
            assertEquals(TOTAL, account.total());
        }
    }

    static final class RacyCase extends Case {
        @Override
        Account create() {
            return new RacyTwoFieldAccount();
        }
    }

    static final class CorrectCase extends Case {
        @Override
        Account create() {
            return new LockedAccount();
        }
    }
}
