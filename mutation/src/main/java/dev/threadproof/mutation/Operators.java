package dev.threadproof.mutation;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Immutable: the concurrency mutation operators, after the ConMAn catalogue (Bradbury, Cordy and Dingel, "Mutation
 * operators for concurrent Java (J2SE 5.0)", 2006), plus operators for the constructs threadproof's runtime uses
 * (VarHandles, spin-then-park waits, interrupt re-assertion).
 *
 * <p>Each operator finds its mutation points in a parsed file, in document order, and mutates one point at a time.
 * Finding the points again on a fresh parse of the same text gives the same list, so point {@code k} of a fresh parse
 * is point {@code k} of the first.
 */
public final class Operators {
    private Operators() {
    }

    /** One operator: where it applies, and how it changes one point. */
    public static final class Operator {
        private final String name;
        private final String description;
        private final Function<CompilationUnit, List<? extends Node>> points;
        private final BiConsumer<Node, CompilationUnit> apply;

        Operator(String name, String description, Function<CompilationUnit, List<? extends Node>> points,
                 BiConsumer<Node, CompilationUnit> apply) {
            this.name = name;
            this.description = description;
            this.points = points;
            this.apply = apply;
        }

        /**
         * Immutable: the operator's name.
         *
         * @return e.g. {@code REMOVE_VOLATILE}
         */
        public String name() {
            return name;
        }

        /**
         * Immutable: what the operator does, one sentence.
         *
         * @return the description
         */
        public String description() {
            return description;
        }

        List<? extends Node> points(CompilationUnit cu) {
            return points.apply(cu);
        }

        void apply(Node point, CompilationUnit cu) {
            apply.accept(point, cu);
        }
    }

    /** Atomic read-modify-writes that SPLIT_RMW turns into a separate read and write. */
    static final Set<String> RMW = Set.of("compareAndSet", "weakCompareAndSet", "weakCompareAndSetPlain",
            "weakCompareAndSetVolatile", "weakCompareAndSetAcquire", "weakCompareAndSetRelease", "compareAndExchange",
            "compareAndExchangeAcquire", "compareAndExchangeRelease", "getAndAdd", "addAndGet", "getAndSet",
            "incrementAndGet", "decrementAndGet", "getAndIncrement", "getAndDecrement", "accumulateAndGet",
            "getAndAccumulate", "updateAndGet", "getAndUpdate");

    /** VarHandle access modes and the plain mode WEAKEN_ACCESS_MODE puts in their place. */
    static final Map<String, String> WEAKER_VARHANDLE = Map.of("getVolatile", "get", "getAcquire", "get", "getOpaque",
            "get", "setVolatile", "set", "setRelease", "set", "setOpaque", "set");

    /** Calls that wait, whose statements DELETE_WAIT removes. */
    static final Set<String> WAITS = Set.of("join", "await", "awaitAdvance", "awaitAdvanceInterruptibly",
            "awaitTermination", "acquire", "acquireUninterruptibly", "park", "parkNanos", "parkUntil", "sleep");

    /** Calls that release others, which MOVE_RELEASE_EARLIER moves before the statement above them. */
    static final Set<String> RELEASES = Set.of("unlock", "countDown", "release", "unpark", "signal", "signalAll",
            "notify", "notifyAll", "arrive", "arriveAndDeregister");

    /** The helper class that SPLIT_RMW and THREADLOCAL_TO_SHARED calls; added to every mutant's package. */
    static final String HELPER = "MutantRaces";

    private static List<String> fieldsOfType(CompilationUnit cu, java.util.function.Predicate<String> type) {
        List<String> names = new ArrayList<>();
        for (FieldDeclaration f : cu.findAll(FieldDeclaration.class)) {
            for (VariableDeclarator v : f.getVariables()) {
                if (type.test(v.getTypeAsString().replaceAll("<.*", ""))) {
                    names.add(v.getNameAsString());
                }
            }
        }
        return names;
    }

    private static String scopeName(MethodCallExpr call) {
        if (call.getScope().isEmpty()) {
            return "";
        }
        Expression s = call.getScope().get();
        if (s.isNameExpr()) {
            return s.asNameExpr().getNameAsString();
        }
        if (s.isFieldAccessExpr()) {
            return s.asFieldAccessExpr().getNameAsString();
        }
        return s.toString();
    }

    private static boolean isCurrentThreadInterrupt(MethodCallExpr c) {
        return c.getNameAsString().equals("interrupt") && c.getScope().isPresent()
                && c.getScope().get().toString().equals("Thread.currentThread()");
    }

    private static List<ExpressionStmt> callStatements(CompilationUnit cu, Set<String> names) {
        return cu.findAll(ExpressionStmt.class).stream()
                .filter(s -> s.getExpression().isMethodCallExpr()
                        && names.contains(s.getExpression().asMethodCallExpr().getNameAsString()))
                .collect(Collectors.toList());
    }

    private static void removeStatement(Node n) {
        Statement s = (Statement) n;
        if (s.getParentNode().isPresent() && s.getParentNode().get() instanceof BlockStmt) {
            s.remove();
        } else {
            s.replace(new EmptyStmt());
        }
    }

    /** Statements that have a statement before them in the same block. */
    private static boolean hasPrevious(Statement s) {
        if (s.getParentNode().isEmpty() || !(s.getParentNode().get() instanceof BlockStmt)) {
            return false;
        }
        NodeList<Statement> list = ((BlockStmt) s.getParentNode().get()).getStatements();
        return list.indexOf(s) > 0;
    }

    private static void swapWithPrevious(Statement s) {
        NodeList<Statement> list = ((BlockStmt) s.getParentNode().get()).getStatements();
        int i = list.indexOf(s);
        Statement prev = list.get(i - 1);
        Statement a = prev.clone();
        Statement b = s.clone();
        list.set(i - 1, b);
        list.set(i, a);
    }

    /** A store to a field: {@code x = ...}, {@code this.x = ...}, or a VarHandle {@code set*}. */
    private static boolean isStore(Statement s, List<String> varHandles) {
        if (!s.isExpressionStmt()) {
            return false;
        }
        Expression e = s.asExpressionStmt().getExpression();
        if (e.isAssignExpr()) {
            Expression t = e.asAssignExpr().getTarget();
            return t.isNameExpr() || t.isFieldAccessExpr() || t.isArrayAccessExpr();
        }
        if (e.isMethodCallExpr()) {
            MethodCallExpr c = e.asMethodCallExpr();
            return c.getNameAsString().startsWith("set") && varHandles.contains(scopeName(c));
        }
        return false;
    }

    /** Every operator, in the order they are tried. */
    public static List<Operator> all() {
        List<Operator> ops = new ArrayList<>();
        ops.add(new Operator("REMOVE_VOLATILE", "removes volatile from a field declaration",
                cu -> cu.findAll(FieldDeclaration.class, f -> f.hasModifier(Modifier.Keyword.VOLATILE)),
                (n, cu) -> ((FieldDeclaration) n).removeModifier(Modifier.Keyword.VOLATILE)));
        ops.add(new Operator("REMOVE_SYNCHRONIZED_METHOD", "removes synchronized from a method",
                cu -> cu.findAll(MethodDeclaration.class, m -> m.hasModifier(Modifier.Keyword.SYNCHRONIZED)),
                (n, cu) -> ((MethodDeclaration) n).removeModifier(Modifier.Keyword.SYNCHRONIZED)));
        ops.add(new Operator("REMOVE_SYNCHRONIZED_BLOCK", "runs a synchronized block's body without the lock",
                cu -> cu.findAll(SynchronizedStmt.class),
                (n, cu) -> n.replace(((SynchronizedStmt) n).getBody().clone())));
        ops.add(new Operator("CHECK_THEN_ACT_OUTSIDE_LOCK",
                "moves the if statement that opens a synchronized block out of the block, before it",
                cu -> cu.findAll(SynchronizedStmt.class, s -> !s.getBody().getStatements().isEmpty()
                        && s.getBody().getStatement(0) instanceof IfStmt && inBlock(s)),
                (n, cu) -> {
                    SynchronizedStmt s = (SynchronizedStmt) n;
                    Statement check = s.getBody().getStatement(0).clone();
                    s.getBody().getStatement(0).remove();
                    NodeList<Statement> outer = ((BlockStmt) s.getParentNode().get()).getStatements();
                    outer.add(outer.indexOf(s), check);
                }));
        ops.add(new Operator("SPLIT_RMW",
                "turns an atomic read-modify-write into a separate read and write (" + HELPER + ")",
                cu -> {
                    List<String> atomics = fieldsOfType(cu, t -> t.equals("VarHandle") || t.startsWith("Atomic"));
                    return cu.findAll(MethodCallExpr.class, c -> RMW.contains(c.getNameAsString())
                            && atomics.contains(scopeName(c)));
                },
                (n, cu) -> {
                    MethodCallExpr c = (MethodCallExpr) n;
                    NodeList<Expression> args = new NodeList<>();
                    args.add(c.getScope().get().clone());
                    c.getArguments().forEach(a -> args.add(a.clone()));
                    c.replace(new MethodCallExpr(new NameExpr(HELPER), c.getNameAsString(), args));
                }));
        ops.add(new Operator("WEAKEN_ACCESS_MODE",
                "weakens a VarHandle volatile, acquire, release or opaque access to plain, or an atomic set to lazySet",
                cu -> {
                    List<String> handles = fieldsOfType(cu, t -> t.equals("VarHandle"));
                    List<String> atomics = fieldsOfType(cu, t -> t.startsWith("Atomic"));
                    return cu.findAll(MethodCallExpr.class, c ->
                            (WEAKER_VARHANDLE.containsKey(c.getNameAsString()) && handles.contains(scopeName(c)))
                            || (c.getNameAsString().equals("set") && atomics.contains(scopeName(c))));
                },
                (n, cu) -> {
                    MethodCallExpr c = (MethodCallExpr) n;
                    c.setName(WEAKER_VARHANDLE.getOrDefault(c.getNameAsString(), "lazySet"));
                }));
        ops.add(new Operator("DELETE_WAIT", "deletes a statement that waits (join, await, acquire, park, sleep)",
                cu -> callStatements(cu, WAITS), (n, cu) -> removeStatement(n)));
        ops.add(new Operator("SHORTEN_SPIN_WAIT", "makes a spin-wait loop's condition false, so it does not wait",
                cu -> cu.findAll(WhileStmt.class, w -> !w.findAll(MethodCallExpr.class,
                        c -> c.getNameAsString().equals("onSpinWait")).isEmpty()),
                // "false && (c)", not "false": javac rejects a loop whose body a constant makes unreachable.
                (n, cu) -> {
                    WhileStmt w = (WhileStmt) n;
                    w.setCondition(new BinaryExpr(new BooleanLiteralExpr(false),
                            new EnclosedExpr(w.getCondition().clone()), BinaryExpr.Operator.AND));
                }));
        ops.add(new Operator("DROP_INTERRUPT", "drops the re-assertion of the caller's interrupt status",
                cu -> cu.findAll(ExpressionStmt.class, s -> s.getExpression().isMethodCallExpr()
                        && isCurrentThreadInterrupt(s.getExpression().asMethodCallExpr())),
                (n, cu) -> removeStatement(n)));
        ops.add(new Operator("SWAP_INTERRUPTED", "swaps Thread.interrupted() and Thread.currentThread().isInterrupted()",
                cu -> cu.findAll(MethodCallExpr.class, c -> (c.getNameAsString().equals("interrupted")
                        && c.getScope().map(s -> s.toString().equals("Thread")).orElse(false))
                        || (c.getNameAsString().equals("isInterrupted")
                        && c.getScope().map(s -> s.toString().equals("Thread.currentThread()")).orElse(false))),
                (n, cu) -> {
                    MethodCallExpr c = (MethodCallExpr) n;
                    if (c.getNameAsString().equals("interrupted")) {
                        c.replace(new MethodCallExpr(new MethodCallExpr(new NameExpr("Thread"), "currentThread"),
                                "isInterrupted"));
                    } else {
                        c.replace(new MethodCallExpr(new NameExpr("Thread"), "interrupted"));
                    }
                }));
        ops.add(new Operator("MOVE_RELEASE_EARLIER",
                "moves an unlock, count-down, release or unpark before the statement above it",
                cu -> callStatements(cu, RELEASES).stream().filter(Operators::hasPrevious)
                        .collect(Collectors.toList()),
                (n, cu) -> swapWithPrevious((Statement) n)));
        ops.add(new Operator("SWAP_STORES",
                "swaps two consecutive stores of which one publishes (a volatile field or a VarHandle set), so the"
                        + " publication comes first or last",
                cu -> {
                    List<String> handles = fieldsOfType(cu, t -> t.equals("VarHandle"));
                    List<String> volatiles = volatileFields(cu);
                    return cu.findAll(Statement.class, s -> {
                        if (!isStore(s, handles) || !hasPrevious(s)) {
                            return false;
                        }
                        NodeList<Statement> list = ((BlockStmt) s.getParentNode().get()).getStatements();
                        Statement prev = list.get(list.indexOf(s) - 1);
                        return isStore(prev, handles)
                                && (publishes(s, handles, volatiles) || publishes(prev, handles, volatiles));
                    });
                },
                (n, cu) -> swapWithPrevious((Statement) n)));
        ops.add(new Operator("THREADLOCAL_TO_SHARED",
                "turns a ThreadLocal into one value shared by every thread (" + HELPER + ")",
                cu -> {
                    List<Node> points = new ArrayList<>();
                    points.addAll(cu.findAll(MethodCallExpr.class, c -> c.getNameAsString().equals("withInitial")
                            && c.getScope().map(s -> s.toString().equals("ThreadLocal")).orElse(false)));
                    points.addAll(cu.findAll(ObjectCreationExpr.class,
                            o -> o.getType().getNameAsString().equals("ThreadLocal")
                                    && o.getAnonymousClassBody().isEmpty()));
                    points.sort((a, b) -> a.getBegin().get().compareTo(b.getBegin().get()));
                    return points;
                },
                (n, cu) -> {
                    NodeList<Expression> args = new NodeList<>();
                    if (n instanceof MethodCallExpr) {
                        ((MethodCallExpr) n).getArguments().forEach(a -> args.add(a.clone()));
                    }
                    ((Expression) n).replace(new MethodCallExpr(new NameExpr(HELPER), "sharedThreadLocal", args));
                }));
        return ops;
    }

    private static List<String> volatileFields(CompilationUnit cu) {
        List<String> names = new ArrayList<>();
        for (FieldDeclaration f : cu.findAll(FieldDeclaration.class, f -> f.hasModifier(Modifier.Keyword.VOLATILE))) {
            f.getVariables().forEach(v -> names.add(v.getNameAsString()));
        }
        return names;
    }

    /** A store that publishes: to a volatile field, or through a VarHandle. */
    private static boolean publishes(Statement s, List<String> handles, List<String> volatiles) {
        Expression e = s.asExpressionStmt().getExpression();
        if (e.isMethodCallExpr()) {
            return true; // isStore admits only VarHandle set calls
        }
        Expression t = e.asAssignExpr().getTarget();
        String name = t.isNameExpr() ? t.asNameExpr().getNameAsString()
                : t.isFieldAccessExpr() ? t.asFieldAccessExpr().getNameAsString() : "";
        return volatiles.contains(name);
    }

    /** A statement directly inside a block, so statements can be added before it. */
    private static boolean inBlock(Statement s) {
        return s.getParentNode().isPresent() && s.getParentNode().get() instanceof BlockStmt;
    }

    /** The operators by name, for {@code --operators}. */
    public static Map<String, Operator> byName() {
        Map<String, Operator> m = new LinkedHashMap<>();
        for (Operator o : all()) {
            m.put(o.name(), o);
        }
        return m;
    }
}
