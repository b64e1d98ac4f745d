package dev.threadproof.race.agent;

import dev.threadproof.race.rt.RaceRt;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Immutable: which calls the instrumenter rewrites, and as what. A call is chosen by its name and descriptor (and,
 * where the name is common, its owner's package); whether it is a synchronizer at all is decided at run time by the
 * receiver's class ({@link RaceRt}), so a call through a subclass or an interface is seen as well.
 */
final class Calls {
    private static final Set<String> COLLECTION_OWNERS = Set.of("java/util/Map", "java/util/Collection",
            "java/util/List", "java/util/Set", "java/util/Queue", "java/util/Deque", "java/util/SortedMap",
            "java/util/NavigableMap", "java/util/SortedSet", "java/util/NavigableSet", "java/util/SequencedCollection",
            "java/util/SequencedMap", "java/util/SequencedSet", "java/lang/Iterable", "java/util/AbstractMap",
            "java/util/AbstractCollection", "java/util/AbstractList", "java/util/HashMap", "java/util/LinkedHashMap",
            "java/util/TreeMap", "java/util/ArrayList", "java/util/LinkedList", "java/util/HashSet",
            "java/util/LinkedHashSet", "java/util/TreeSet", "java/util/ArrayDeque", "java/util/PriorityQueue",
            "java/util/IdentityHashMap", "java/util/EnumMap", "java/util/WeakHashMap", "java/util/BitSet",
            "java/util/concurrent/BlockingQueue", "java/util/concurrent/BlockingDeque",
            "java/util/concurrent/TransferQueue", "java/util/concurrent/ConcurrentMap",
            "java/util/concurrent/ConcurrentNavigableMap", "java/util/concurrent/ConcurrentHashMap",
            "java/util/concurrent/ConcurrentLinkedQueue", "java/util/concurrent/ConcurrentLinkedDeque",
            "java/util/concurrent/LinkedBlockingQueue", "java/util/concurrent/LinkedBlockingDeque",
            "java/util/concurrent/ArrayBlockingQueue", "java/util/concurrent/PriorityBlockingQueue",
            "java/util/concurrent/DelayQueue", "java/util/concurrent/SynchronousQueue",
            "java/util/concurrent/LinkedTransferQueue", "java/util/concurrent/CopyOnWriteArrayList",
            "java/util/concurrent/CopyOnWriteArraySet", "java/util/concurrent/ConcurrentSkipListMap",
            "java/util/concurrent/ConcurrentSkipListSet");
    private static final Set<String> MUTATORS = Set.of("add", "addAll", "addFirst", "addLast", "offer", "offerFirst",
            "offerLast", "put", "putAll", "putIfAbsent", "putFirst", "putLast", "remove", "removeAll", "removeIf",
            "removeFirst", "removeLast", "removeFirstOccurrence", "removeLastOccurrence", "retainAll", "clear", "set",
            "sort", "replaceAll", "replace", "compute", "computeIfAbsent", "computeIfPresent", "merge", "poll",
            "pollFirst", "pollLast", "pop", "push", "take", "takeFirst", "takeLast", "drainTo", "transfer",
            "tryTransfer", "trimToSize", "ensureCapacity", "pollFirstEntry", "pollLastEntry", "flip", "and", "or",
            "xor", "andNot", "clearAll");
    private static final Set<String> EXECUTES = Set.of("execute", "submit", "schedule", "scheduleAtFixedRate",
            "scheduleWithFixedDelay");

    private Calls() {
    }

    /** The call's kind (a {@link RaceRt} constant), or 0 for a call the detector leaves alone. */
    static int kind(int opcode, String owner, String name, String desc) {
        Type ret = Type.getReturnType(desc);
        Type[] args = Type.getArgumentTypes(desc);
        if (opcode == Opcodes.INVOKESPECIAL) {
            return 0;
        }
        if (opcode == Opcodes.INVOKESTATIC) {
            if ("java/util/concurrent/CompletableFuture".equals(owner)
                    && ("runAsync".equals(name) || "supplyAsync".equals(name))) {
                return RaceRt.ASYNC;
            }
            if ("java/lang/Thread".equals(owner) && "interrupted".equals(name)) {
                return RaceRt.INTERRUPTED;
            }
            return 0;
        }
        if (("java/util/concurrent/CompletableFuture".equals(owner)
                || "java/util/concurrent/CompletionStage".equals(owner)) && isStage(name)) {
            return RaceRt.STAGE;
        }
        boolean returnsVoid = ret.getSort() == Type.VOID;
        boolean juc = owner.startsWith("java/util/concurrent/");
        switch (name) {
            case "start":
                return "()V".equals(desc) ? RaceRt.START : 0;
            case "join":
                return returnsVoid ? RaceRt.JOIN : juc ? RaceRt.FUTURE_GET : 0;
            case "isAlive":
                return "()Z".equals(desc) ? RaceRt.IS_ALIVE : 0;
            case "wait":
                return "()V".equals(desc) || "(J)V".equals(desc) || "(JI)V".equals(desc) ? RaceRt.WAIT : 0;
            case "lock":
            case "lockInterruptibly":
                return "()V".equals(desc) ? RaceRt.LOCK : 0;
            case "tryLock":
                return ret.getSort() == Type.BOOLEAN ? RaceRt.TRY_LOCK : 0;
            case "unlock":
                return "()V".equals(desc) ? RaceRt.UNLOCK : 0;
            case "await":
            case "awaitNanos":
            case "awaitUntil":
            case "awaitUninterruptibly":
                return RaceRt.AWAIT;
            case "countDown":
                return "()V".equals(desc) ? RaceRt.COUNT_DOWN : 0;
            case "newCondition":
                return args.length == 0 ? RaceRt.NEW_CONDITION : 0;
            case "readLock":
            case "writeLock":
                return args.length == 0 && ret.getSort() == Type.OBJECT ? RaceRt.RW_PART : 0;
            case "release":
                return returnsVoid && ("()V".equals(desc) || "(I)V".equals(desc)) ? RaceRt.SEM_RELEASE : 0;
            case "acquire":
            case "acquireUninterruptibly":
            case "tryAcquire":
                return RaceRt.SEM_ACQUIRE;
            case "arrive":
            case "arriveAndDeregister":
                return "()I".equals(desc) ? RaceRt.ARRIVE : 0;
            case "arriveAndAwaitAdvance":
                return RaceRt.ARRIVE_AWAIT;
            case "awaitAdvance":
            case "awaitAdvanceInterruptibly":
                return RaceRt.AWAIT_ADVANCE;
            case "exchange":
                return RaceRt.EXCHANGE;
            case "interrupt":
                return "()V".equals(desc) ? RaceRt.INTERRUPT : 0;
            case "isInterrupted":
                return "()Z".equals(desc) ? RaceRt.INTERRUPTED : 0;
            case "invokeAll":
            case "invokeAny":
                return RaceRt.INVOKE_ALL;
            case "awaitTermination":
                return RaceRt.TERMINATED;
            default:
                break;
        }
        if (EXECUTES.contains(name) && hasTaskArgument(args)) {
            return RaceRt.EXECUTE;
        }
        if (owner.startsWith("java/util/concurrent/atomic/")) {
            return atomic(name);
        }
        if (juc) {
            switch (name) {
                case "get":
                case "getNow":
                case "resultNow":
                case "isDone":
                    if (!COLLECTION_OWNERS.contains(owner)) {
                        return RaceRt.FUTURE_GET;
                    }
                    break;
                case "complete":
                case "completeExceptionally":
                case "obtrudeValue":
                case "obtrudeException":
                case "cancel":
                    return RaceRt.COMPLETE;
                case "close":
                    return "()V".equals(desc) ? RaceRt.TERMINATED : 0;
                default:
                    break;
            }
        }
        if (COLLECTION_OWNERS.contains(owner)) {
            return MUTATORS.contains(name) ? RaceRt.COLLECTION_WRITE : RaceRt.COLLECTION_READ;
        }
        return 0;
    }

    /** An atomic class's method by its access mode, from its name (java.util.concurrent.atomic's naming). */
    private static int atomic(String name) {
        if (name.contains("Plain") || name.contains("Opaque") || "weakCompareAndSet".equals(name)
                || "toString".equals(name) || "hashCode".equals(name) || "equals".equals(name)
                || "length".equals(name)) {
            return 0;
        }
        if (name.contains("Acquire")) {
            return name.startsWith("get") && !name.contains("And") ? RaceRt.ATOMIC_ACQUIRE : RaceRt.ATOMIC_BOTH;
        }
        if (name.contains("Release") || "lazySet".equals(name)) {
            return name.startsWith("set") || "lazySet".equals(name) ? RaceRt.ATOMIC_RELEASE : RaceRt.ATOMIC_BOTH;
        }
        if ("set".equals(name)) {
            return RaceRt.ATOMIC_RELEASE;
        }
        if ("get".equals(name) || name.endsWith("Value") || "sum".equals(name) || "getReference".equals(name)
                || "isMarked".equals(name) || "getStamp".equals(name) || "max".equals(name) || "min".equals(name)) {
            return RaceRt.ATOMIC_ACQUIRE;
        }
        return RaceRt.ATOMIC_BOTH;
    }

    static boolean hasTaskArgument(Type[] args) {
        for (Type a : args) {
            if (isTask(a)) {
                return true;
            }
        }
        return false;
    }

    /** A CompletableFuture method that registers a callback on a stage (its name's prefix says so). */
    static boolean isStage(String name) {
        return name.startsWith("then") || name.startsWith("when") || name.startsWith("handle")
                || name.startsWith("exceptionally") || name.startsWith("applyToEither")
                || name.startsWith("acceptEither") || name.startsWith("runAfter") || "completeAsync".equals(name);
    }

    /** A callback argument of a dependent stage, which the detector wraps. */
    static boolean isCallback(Type t) {
        switch (t.getDescriptor()) {
            case "Ljava/lang/Runnable;":
            case "Ljava/util/function/Supplier;":
            case "Ljava/util/function/Function;":
            case "Ljava/util/function/BiFunction;":
            case "Ljava/util/function/Consumer;":
            case "Ljava/util/function/BiConsumer;":
                return true;
            default:
                return false;
        }
    }

    /** An argument the detector wraps to carry happens-before into the task. */
    static boolean isTask(Type t) {
        String d = t.getDescriptor();
        return "Ljava/lang/Runnable;".equals(d) || "Ljava/util/concurrent/Callable;".equals(d)
                || "Ljava/util/function/Supplier;".equals(d) || "Ljava/util/Collection;".equals(d);
    }
}
