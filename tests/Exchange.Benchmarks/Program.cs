using System.Globalization;
using Exchange.Benchmarks;
using Exchange.Benchmarks.Throughput;
using Exchange.Synthetic;

// Benchmarks and data tools, run in Release:
//   dotnet run -c Release --project tests/Exchange.Benchmarks -- accuracy [--profile NAME|all] [--seeds 2025,7,11] [--submitted N] [--registry N] [--misses N]
//   dotnet run -c Release --project tests/Exchange.Benchmarks -- coverage [--workers N] [--registry N] [--changes N] [--profile NAME] [--seed N] [--rounds N]
//   dotnet run -c Release --project tests/Exchange.Benchmarks -- throughput [--records N] [--registry N] [--chunk N] [--streams 1,4] [--window N] [--rounds N] [--engine sqlite|postgres] [--profile NAME] [--seed N] [--gateway-build DIR] [--results FILE]
//   dotnet run -c Release --project tests/Exchange.Benchmarks -- micro [BenchmarkDotNet options: --filter '*Match*']
//   dotnet run -c Release --project tests/Exchange.Benchmarks -- generate --out DIR [--profile NAME] [--seed N] [--submitted N] [--registry N]
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "accuracy";
try
{
    var submitted = IntOption("--submitted", 100_000);
    var registry = IntOption("--registry", 1_000_000);
    switch (command)
    {
        case "accuracy":
            var profileName = StringOption("--profile") ?? "all";
            IReadOnlyList<SyntheticProfile> profiles = profileName == "all" ? SyntheticProfile.All : [SyntheticProfile.Named(profileName)];
            int[] seeds = [.. (StringOption("--seeds") ?? "2025,7,11").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            return AccuracyBenchmark.Run(profiles, seeds, submitted, registry, IntOption("--misses", 0), Console.Out) ? 0 : 1;
        case "coverage":
            var changes = IntOption("--changes", 10_000);
            var rounds = IntOption("--rounds", 3);
            if (changes < 1 || rounds < 1)
            {
                throw new ArgumentException("coverage needs --changes and --rounds of at least 1");
            }
            var profile = SyntheticProfile.Named(StringOption("--profile") ?? SyntheticProfile.Bogor.Name);
            return CoverageBenchmark.Run(profile, IntOption("--seed", 2025), IntOption("--workers", 1_000_000), registry, changes, rounds, Console.Out) ? 0 : 1;
        case "throughput":
            int[] streams = [.. (StringOption("--streams") ?? "1,4").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            var throughput = new ThroughputOptions(IntOption("--records", 1_000_000), registry, IntOption("--chunk", 1_000), streams,
                IntOption("--window", 1), IntOption("--rounds", 3), StringOption("--engine") ?? "sqlite",
                SyntheticProfile.Named(StringOption("--profile") ?? SyntheticProfile.Bogor.Name), IntOption("--seed", 2025),
                StringOption("--gateway-build"), StringOption("--results"));
            return await ThroughputBenchmark.RunAsync(throughput, Console.Out) ? 0 : 1;
        case "micro":
            // BenchmarkDotNet's own options after the command (--filter '*Match*', --list flat); every hot path unless a
            // filter says which, as BenchmarkDotNet would otherwise ask on the console.
            string[] micro = args.Contains("--filter") ? args[1..] : [.. args[1..], "--filter", "*"];
            BenchmarkDotNet.Running.BenchmarkSwitcher.FromTypes([typeof(HotPaths)]).Run(micro, HotPaths.Config);
            return 0;
        case "echo-server":
            // The throughput benchmark's baseline, started by it as a process of its own.
            await EchoServer.RunAsync(args[1..]);
            return 0;
        case "generate":
            var directory = StringOption("--out") ?? throw new ArgumentException("generate needs --out DIR");
            var options = SyntheticProfile.Named(StringOption("--profile") ?? SyntheticProfile.Bogor.Name).With(IntOption("--seed", 2025), submitted, registry);
            DataSetFiles.Write(SyntheticGenerator.Generate(options), directory, Console.Out);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown command '{command}'. Commands: accuracy, coverage, throughput, micro, generate.");
            return 2;
    }
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

int IntOption(string name, int fallback) =>
    StringOption(name) is { } text ? int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;

string? StringOption(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
