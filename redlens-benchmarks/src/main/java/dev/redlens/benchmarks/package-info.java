/**
 * What Redlens costs: JMH micro-benchmarks of the hot path ({@link
 * dev.redlens.benchmarks.HotPathBenchmark}) and of an {@code INFO} parse ({@link
 * dev.redlens.benchmarks.InfoParseBenchmark}), an end-to-end load driver that runs plain and
 * instrumented clients interleaved against a local {@code redis-server} ({@link
 * dev.redlens.benchmarks.LoadDriver}), a memory run ({@link dev.redlens.benchmarks.MemoryRun}), and
 * {@link dev.redlens.benchmarks.RunAll}, which runs all of it and writes {@code
 * docs/benchmarks.md}.
 */
package dev.redlens.benchmarks;
