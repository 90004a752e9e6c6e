using Spectre.Console;
using System.CommandLine;
using Exchange.Synthetic;

namespace Exchange.Cli.Commands;

/// <summary><c>exchange generate --out DIR</c>: a synthetic registry and agency file to try everything with.</summary>
public static class GenerateCommand
{
    public static Command Build(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Directory to write registry.csv and submitted.csv to", Required = true };
        var profile = new Option<string>("--profile")
        {
            Description = $"World to generate: {string.Join(", ", SyntheticProfile.All.Select(p => p.Name))}",
            DefaultValueFactory = _ => SyntheticProfile.Bogor.Name,
        };
        var seed = new Option<int>("--seed") { Description = "Same seed, same files", DefaultValueFactory = _ => 2025 };
        var records = new Option<int>("--records") { Description = "Agency records", DefaultValueFactory = _ => 10_000 };
        var participants = new Option<int>("--participants") { Description = "Registry participants", DefaultValueFactory = _ => 100_000 };
        var command = new Command("generate", "Write a synthetic Kota Bogor registry extract and agency file (labelled with the truth) to try the gateway with")
        {
            output, profile, seed, records, participants,
        };
        command.SetAction(context, (parse, _) =>
        {
            var name = parse.GetValue(profile)!;
            var chosen = SyntheticProfile.All.FirstOrDefault(p => p.Name == name) ?? throw new CliException(ExitCodes.BadArguments,
                $"--profile '{name}' is not a profile; give one of {string.Join(", ", SyntheticProfile.All.Select(p => p.Name))}");
            var (recordCount, participantCount) = (parse.GetValue(records), parse.GetValue(participants));
            if (recordCount < 1 || participantCount < 1)
            {
                throw new CliException(ExitCodes.BadArguments, "--records and --participants must be at least 1");
            }
            var data = SyntheticGenerator.Generate(chosen.With(parse.GetValue(seed), recordCount, participantCount));
            var (registry, submitted) = DataSetFiles.Write(data, parse.GetValue(output)!, TextWriter.Null);
            context.Console.WriteLine($"{data.Registry.Count:N0} participants: {registry}");
            context.Console.WriteLine($"{data.Submitted.Count:N0} agency records: {submitted}");
            context.Console.WriteLine($"Try: exchange registry sync {registry} --snapshot   (as BPJS), then exchange submit {submitted}   (as an agency)");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
