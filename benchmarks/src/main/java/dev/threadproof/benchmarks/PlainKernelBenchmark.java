package dev.threadproof.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link KernelBenchmark}'s kernels in a fork started as a user's program starts: no heap flags, no pre-touch (JMH's
 * own fork flags only). The same methods, inputs and protocol; only the JVM differs. A performance goal counts here:
 * {@link KernelBenchmark}'s forks pre-touch a fixed heap, which hid the first-touch page faults that a per-call buffer
 * costs in a default heap (docs/performance.md).
 *
 * <p>Run: {@code ci/bench.sh sum:L dot:L norm2:L map:L hist:L}, which runs it beside {@link KernelBenchmark} and the
 * OpenMP peer and reports both forks.
 */
@Fork(1)
public class PlainKernelBenchmark extends KernelBenchmark {
}
