package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The server benchmark's warm-up: it waits for the JIT compiler to be quiet, within its bounds. */
class ServerBenchTest {

    /** A compiler whose total compilation time is read from a counter the test moves. */
    private static CompilationMXBean compilerAt(AtomicLong totalMs) {
        return new CompilationMXBean() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public boolean isCompilationTimeMonitoringSupported() {
                return true;
            }

            @Override
            public long getTotalCompilationTime() {
                return totalMs.get();
            }

            @Override
            public ObjectName getObjectName() {
                return ManagementFactory.getCompilationMXBean().getObjectName();
            }
        };
    }

    @Test
    void aQuietCompilerEndsTheWarmUpAfterThreeQuietSecondsOnceTheMinimumHasPassed() throws Exception {
        double s = ServerBench.warmUntilCompiled(compilerAt(new AtomicLong()), 1, 30);
        assertThat(s).as("quiet from the start: 3 quiet seconds").isBetween(3.0, 5.0);
    }

    @Test
    void aBusyCompilerHoldsTheWarmUpUntilItsMaximum() throws Exception {
        AtomicLong total = new AtomicLong();
        Thread busy = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                total.addAndGet(100); // 100 ms of compiling every 100 ms: never quiet
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        busy.start();
        try {
            double s = ServerBench.warmUntilCompiled(compilerAt(total), 1, 4);
            assertThat(s).as("never quiet: the maximum, 4 s").isBetween(4.0, 6.0);
            s = ServerBench.warmUntilCompiled(compilerAt(total), 3, 1);
            assertThat(s).as("a maximum below the minimum: the minimum, 3 s").isBetween(3.0, 5.0);
        } finally {
            busy.interrupt();
        }
    }
}
