using System.Globalization;
using Exchange.Benchmarks;
using Exchange.Synthetic;

// Benchmarks and data tools, run in Release:
//   dotnet run -c Release --project tests/Exchange.Benchmarks -- accuracy [--submitted N] [--registry N] [--seed N]
//   dotnet run -c Release --project tests/Exchange.Benchmarks -- generate --out DIR [--submitted N] [--registry N] [--seed N]
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "accuracy";
var options = new SyntheticOptions
{
    SubmittedCount = IntOption("--submitted", 100_000),
    RegistrySize = IntOption("--registry", 1_000_000),
    Seed = IntOption("--seed", 2025),
};
switch (command)
{
    case "accuracy":
        AccuracyBenchmark.Run(options, Console.Out);
        return 0;
    case "generate":
        var directory = StringOption("--out") ?? throw new ArgumentException("generate needs --out DIR");
        DataSetFiles.Write(SyntheticGenerator.Generate(options), directory, Console.Out);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown command '{command}'. Commands: accuracy, generate.");
        return 2;
}

int IntOption(string name, int fallback) =>
    StringOption(name) is { } text ? int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;

string? StringOption(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
