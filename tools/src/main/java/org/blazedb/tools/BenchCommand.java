package org.blazedb.tools;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks that print side-by-side tables.",
    subcommands = {StorageBenchmark.class})
final class BenchCommand {}
