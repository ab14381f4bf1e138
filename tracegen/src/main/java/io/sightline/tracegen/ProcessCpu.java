package io.sightline.tracegen;

import java.lang.management.ManagementFactory;

/** CPU time of this whole process (every thread, JIT and GC included), as the OS counts it. */
final class ProcessCpu {
  private ProcessCpu() {}

  /** Nanoseconds of CPU used so far; 0 where the JVM cannot tell. */
  static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }
}
