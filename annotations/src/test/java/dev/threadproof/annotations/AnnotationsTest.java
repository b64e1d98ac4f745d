package dev.threadproof.annotations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * What the report and the harness rely on: both annotations are read by reflection at run time, a subclass of a
 * certifying test certifies the same members, and a member's level is its own (a type's level is not inherited by it).
 */
class AnnotationsTest {
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE, note = "a counter")
    static class Declared {
        @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = "distinct indices per thread")
        public void set(int i) {
        }

        public void undeclared() {
        }
    }

    @Certifies(type = Declared.class, members = {"set", "<init>"})
    static class CertifyingTest {
    }

    static class RerunInAnotherConfiguration extends CertifyingTest {
    }

    @Test
    void levelsAndNotesAreReadableAtRunTime() throws Exception {
        ThreadSafety type = Declared.class.getAnnotation(ThreadSafety.class);
        assertNotNull(type, "@ThreadSafety must be retained at run time: the report reads it by reflection");
        assertEquals(ThreadSafety.Level.THREAD_SAFE, type.level());
        assertEquals("a counter", type.note());
        ThreadSafety member = Declared.class.getMethod("set", int.class).getAnnotation(ThreadSafety.class);
        assertEquals(ThreadSafety.Level.CONDITIONAL, member.level());
        assertEquals("distinct indices per thread", member.note());
        assertNull(Declared.class.getMethod("undeclared").getAnnotation(ThreadSafety.class),
                "a member's level is its own: the report calls it UNDECLARED");
    }

    @Test
    void aSubclassOfACertifyingTestCertifiesTheSameMembers() {
        Certifies c = RerunInAnotherConfiguration.class.getAnnotation(Certifies.class);
        assertNotNull(c, "@Certifies must be inherited");
        assertEquals(Declared.class, c.type());
        assertArrayEquals(new String[] {"set", "<init>"}, c.members());
    }

    @Test
    void theAnnotationsDeclareTheirOwnLevels() {
        assertEquals(ThreadSafety.Level.IMMUTABLE, ThreadSafety.class.getAnnotation(ThreadSafety.class).level());
        assertEquals(ThreadSafety.Level.IMMUTABLE, Certifies.class.getAnnotation(ThreadSafety.class).level());
    }
}
