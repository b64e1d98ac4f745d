package dev.threadproof.race.agent;

import com.sun.tools.attach.VirtualMachine;
import dev.threadproof.annotations.ThreadSafety;

/**
 * Confined: the helper process that attaches the agent to a JVM (a JVM may not attach to itself unless started with
 * {@code -Djdk.attach.allowAttachSelf=true}); {@code java --add-modules jdk.attach ... Attacher PID JAR ARGS}.
 */
@ThreadSafety(level = ThreadSafety.Level.CONFINED, note = "a process's main class")
public final class Attacher {
    private Attacher() {
    }

    /**
     * Confined: attaches.
     *
     * @param args the target JVM's pid, the agent jar, the agent's argument
     * @throws Exception if the attach fails: the exit status is then non-zero and the message says why
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgent(args[1], args.length > 2 ? args[2] : "");
        } finally {
            vm.detach();
        }
    }
}
