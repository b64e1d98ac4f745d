package dev.threadproof.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link VectorKernelBenchmark}'s reductions in a fork started as a user's program that opts into the Vector API
 * starts: {@code --add-modules jdk.incubator.vector} and nothing else (no heap flags, no pre-touch).
 *
 * <p>Run: {@code ci/bench.sh sum:L dot:L norm2:L}.
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PlainVectorKernelBenchmark extends VectorKernelBenchmark {
}
