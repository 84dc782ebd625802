package iotcore.bench.micro;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The defaults of every micro-benchmark: average time per operation in nanoseconds, one fork, 2 warm-up and 3 measured
 * iterations of a second, so that the whole set runs in about a minute and a half. JMH options given to
 * {@code ./iotcore bench micro} override them (e.g. {@code -f 3 -i 10} for steadier figures).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public abstract class MicroBenchmark {
}
