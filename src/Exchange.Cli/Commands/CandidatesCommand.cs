using Spectre.Console;
using System.CommandLine;
using System.Globalization;
using Exchange.Cli.Output;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Commands;

/// <summary><c>exchange candidates [filters] --out FILE</c>: BPJS's list of workers to enroll or win back.</summary>
public static class CandidatesCommand
{
    private static readonly string[] Header =
    [
        "agency", "purpose", "outcome", "nik", "full_name", "birth_date", "sex", "kelurahan_code", "address", "phone", "occupation",
        "monthly_income_rupiah", "welfare_decile", "funding_source",
    ];

    public static Command Build(CliContext context)
    {
        var outcome = Many("--outcome", "Only these outcomes: NOT_REGISTERED, LAPSED (default both)");
        var kelurahan = Many("--kelurahan", "Only these kelurahan codes (32.71.01.1001)");
        var occupation = Many("--occupation", "Only these occupations (PEDAGANG_KAKI_LIMA, OJEK_ONLINE, ...)");
        var funding = Many("--funding-source", "Only these funding sources (SELF, APBD, APBN, SPONSOR)");
        var decile = new Option<int[]>("--decile") { Description = "Only these welfare deciles (1-10)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "CSV file to write", Required = true };
        var command = new Command("candidates", "BPJS: export enrollment candidates (not registered or lapsed workers) as CSV")
        {
            outcome, kelurahan, occupation, funding, decile, output,
        };
        command.SetAction(context, async (parse, cancellation) =>
        {
            var request = new StreamEnrollmentCandidatesRequest();
            request.Outcomes.AddRange(Parse<MatchOutcome>(parse.GetValue(outcome), "--outcome"));
            request.KelurahanCodes.AddRange(parse.GetValue(kelurahan) ?? []);
            request.Occupations.AddRange(Parse<Occupation>(parse.GetValue(occupation), "--occupation"));
            request.FundingSources.AddRange(Parse<FundingSource>(parse.GetValue(funding), "--funding-source"));
            request.WelfareDeciles.AddRange(parse.GetValue(decile) ?? []);
            var path = parse.GetValue(output)!;
            using var connection = context.Connect(parse);
            var count = await connection.Call(async () =>
            {
                using var call = connection.Registry.StreamEnrollmentCandidates(request, cancellationToken: cancellation);
                long written = 0;
                using var csv = new CsvExport(path, Header);
                while (await call.ResponseStream.MoveNext(cancellation))
                {
                    foreach (var candidate in call.ResponseStream.Current.Candidates)
                    {
                        var w = candidate.Worker;
                        csv.WriteRow(candidate.Agency, ProtoNames.Of(candidate.Purpose), ProtoNames.Of(candidate.Outcome), w.Nik, w.FullName, w.BirthDate,
                            ProtoNames.Of(w.Sex), w.KelurahanCode, w.Address, w.Phone, ProtoNames.Of(w.Occupation),
                            w.HasMonthlyIncomeRupiah ? w.MonthlyIncomeRupiah.ToString(CultureInfo.InvariantCulture) : "",
                            w.HasWelfareDecile ? w.WelfareDecile.ToString(CultureInfo.InvariantCulture) : "", ProtoNames.Of(w.FundingSource));
                        written++;
                    }
                }
                return written;
            });
            context.Console.MarkupLineInterpolated($"{count:N0} enrollment candidates: {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string[]> Many(string name, string description) => new(name) { Description = description, AllowMultipleArgumentsPerToken = true };

    private static IEnumerable<TEnum> Parse<TEnum>(string[]? values, string option) where TEnum : struct, Enum =>
        (values ?? []).Select(v => ProtoNames.Parse<TEnum>(v) ?? throw new CliException(ExitCodes.BadArguments,
            $"{option} '{v}' is not known; give one of {string.Join(", ", ProtoNames.All<TEnum>())}"));
}
