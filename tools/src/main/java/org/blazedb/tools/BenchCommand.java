package org.blazedb.tools;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks that print side-by-side tables.",
    subcommands = {StorageBenchmark.class, TpchBenchmark.class, ScanBenchmark.class})
final class BenchCommand {}
