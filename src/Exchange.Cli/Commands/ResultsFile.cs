using Exchange.Cli.Connection;
using Exchange.Cli.Input;
using Exchange.Cli.Output;
using Exchange.Core.Identity;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Commands;

/// <summary>
/// The results CSV beside an input file: every line of the input once, in order, with what became of
/// it: the gateway's status, outcome, codes and messages, or why the line was not sent. NIKs masked.
/// </summary>
public static class ResultsFile
{
    public static readonly string[] Header = ["line", "nik", "status", "outcome", "codes", "messages"];

    /// <summary>Status of a line the CLI could not read into a record: it never reached the gateway.</summary>
    public const string NotSent = "NOT_SENT";

    public static string PathFor(string inputPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(inputPath))!, Path.GetFileNameWithoutExtension(inputPath) + ".results.csv");

    /// <summary>Reads the batch's results from the gateway and writes them beside <paramref name="file"/>'s lines; returns the lines written.</summary>
    public static async Task<long> WriteAsync(string path, WorkerFile file, GatewayConnection connection, string batchId, CancellationToken cancellation)
    {
        using var call = connection.Submission.ReadResults(new ReadResultsRequest { BatchId = batchId }, cancellationToken: cancellation);
        var results = Results(call.ResponseStream, cancellation).GetAsyncEnumerator(cancellation);
        long written = 0;
        using (var csv = new CsvExport(path, Header))
        {
            foreach (var line in file.ReadLines())
            {
                if (line.Record is null)
                {
                    csv.WriteRow(Line(line), Nik.Mask(null), NotSent, "", string.Join(';', line.Problems.Select(p => p.Code)),
                        string.Join(" | ", line.Problems.Select(p => p.Message)));
                }
                else if (await results.MoveNextAsync())
                {
                    csv.WriteRow([Line(line), Nik.Mask(line.Record.Nik), .. Row(results.Current)]);
                }
                else
                {
                    throw new CliException(ExitCodes.Refused,
                        $"the gateway has fewer results for batch {batchId} than {file.Path} has readable lines: was the file changed since it was sent? Send it again under a new --batch-id");
                }
                written++;
            }
        }
        await results.DisposeAsync();
        return written;
    }

    /// <summary>Status, outcome, codes and messages of one result (violations, then warnings).</summary>
    public static string[] Row(RecordResult result)
    {
        var findings = result.Violations.Concat(result.Warnings).ToList();
        return
        [
            ProtoNames.Of(result.Status),
            result.Outcome == MatchOutcome.Unspecified ? "" : ProtoNames.Of(result.Outcome),
            string.Join(';', findings.Select(f => f.Code)),
            string.Join(" | ", findings.Select(f => $"{f.Field}: {f.Description}")),
        ];
    }

    private static string Line(InputLine line) => line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async IAsyncEnumerable<RecordResult> Results(Grpc.Core.IAsyncStreamReader<ReadResultsResponse> stream,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        while (await stream.MoveNext(cancellation))
        {
            foreach (var result in stream.Current.Results)
            {
                yield return result;
            }
        }
    }
}
