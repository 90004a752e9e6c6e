using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Exchange.Core.Batches;
using Exchange.Core.Identity;
using Exchange.Core.Matching;
using Exchange.Core.Names;
using Exchange.Core.Registry;
using Exchange.Core.Validation;
using Exchange.Storage.Sqlite;
using Exchange.Synthetic;
using Exchange.Testing;
using Google.Protobuf;
using Jamsostek.Exchange.V1;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Benchmarks;

/// <summary>
/// The intake's hot paths one at a time (BenchmarkDotNet, in process): per record, on one thread, on the bogor profile's
/// records against a registry of <see cref="RegistrySize"/>. Where the throughput benchmark says how fast the whole chunk
/// path is, these say which step a change made faster or slower.
/// </summary>
[MemoryDiagnoser]
public class HotPaths
{
    private const int RegistrySize = 200_000;
    private const int Records = 1_000;

    private LabelledRecord[] _records = [];
    private RecordInspector _inspector = null!;
    private RegistryIndex _index = null!;
    private MatchSubject _member;
    private MatchSubject _mistypedMember;
    private DateOnly _today;
    private RecordChunk _chunk = null!;
    private byte[] _encodedChunk = [];
    private TempDirectory _directory = null!;
    private SqliteBatchLedger _ledger = null!;
    private int _batches;
    private RecordVerdict[] _verdicts = [];

    /// <summary>Default: a short in-process run; command-line options (filters, jobs) as BenchmarkDotNet reads them.</summary>
    public static IConfig Config { get; } = DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);

    [GlobalSetup]
    public void Setup()
    {
        var options = SyntheticProfile.Bogor.With(2025, Records, RegistrySize);
        var data = SyntheticGenerator.Generate(options);
        _records = [.. data.Submitted];
        _today = options.AsOf;
        _inspector = new RecordInspector(new WorkerRecordValidator(new ValidationRules(),
            new FakeTimeProvider(new DateTimeOffset(options.AsOf.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(7)))));
        _index = RegistryIndex.Build(data.Registry.Select(RegistryMapping.ToRegistryParticipant).ToArray());
        var member = _records.First(r => r.Truth.ParticipantNik == r.Record.Nik && !r.Truth.IsInvalid).Record;
        _member = RegistryMapping.ToMatchSubject(member);
        // The same worker with the last two digits of their NIK swapped: found only by the one-edit source.
        var mistyped = member.Clone();
        mistyped.Nik = member.Nik[..14] + member.Nik[15] + member.Nik[14];
        _mistypedMember = RegistryMapping.ToMatchSubject(mistyped);
        _chunk = new RecordChunk();
        _chunk.Records.AddRange(_records.Select(r => r.Record));
        _encodedChunk = _chunk.ToByteArray();

        _directory = new TempDirectory("exchange-hot-paths-");
        _ledger = new SqliteBatchLedger(SqliteDatabase.Open(_directory.File("exchange.db")));
        // As the intake answers them, unmatched: the valid records accepted (the first of each NIK), the others rejected.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _verdicts = [.. _records.Select(r => _inspector.Inspect(r.Record) is var findings
            && new RecordVerdict(findings, MatchOutcome.NotRegistered, Segment.Unspecified, 0, []) is var verdict && !verdict.Accepted
                ? RecordVerdict.Rejected(findings)
                : seen.Add(r.Record.Nik) ? verdict : RecordVerdict.Rejected([.. findings, Finding.Error("nik", ViolationCodes.NikDuplicateInBatch)]))];
    }

    [GlobalCleanup]
    public void Cleanup() => _directory.Dispose();

    [Benchmark(OperationsPerInvoke = Records)]
    public int NikParse()
    {
        var valid = 0;
        foreach (var record in _records)
        {
            valid += Nik.Inspect(record.Record.Nik, out _) == NikProblem.None ? 1 : 0;
        }
        return valid;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public int RecordValidation()
    {
        var findings = 0;
        foreach (var record in _records)
        {
            findings += _inspector.Inspect(record.Record).Count;
        }
        return findings;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public int NameNormalisation()
    {
        var words = 0;
        foreach (var record in _records)
        {
            words += PersonName.ComparisonWords(record.Record.FullName).Count;
        }
        return words;
    }

    [Benchmark]
    public MatchResult ExactNikMatch() => Matcher.Match(_member, _index, ReviewedPairs.Empty, _today);

    [Benchmark]
    public MatchResult OneEditNikMatch() => Matcher.Match(_mistypedMember, _index, ReviewedPairs.Empty, _today);

    [Benchmark(OperationsPerInvoke = Records)]
    public int MatchEveryRecord()
    {
        var matched = 0;
        foreach (var record in _records)
        {
            matched += Matcher.Match(RegistryMapping.ToMatchSubject(record.Record), _index, ReviewedPairs.Empty, _today).Outcome
                == MatchOutcome.NotRegistered ? 0 : 1;
        }
        return matched;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public byte[] ChunkEncode() => _chunk.ToByteArray();

    [Benchmark(OperationsPerInvoke = Records)]
    public RecordChunk ChunkDecode() => RecordChunk.Parser.ParseFrom(_encodedChunk);

    /// <summary>
    /// One 1,000-record chunk made durable (one transaction, one fsync), per record: the first chunk of a batch of its own,
    /// so its accepted NIKs land on few pages. What they cost in a large batch is the throughput benchmark's append column.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public void LedgerAppend()
    {
        var batch = _ledger.OpenAsync("DINSOS", $"hot-paths-{_batches++}", Purpose.CoverageMatching, DateTimeOffset.UnixEpoch, default)
            .GetAwaiter().GetResult().Batch.Key;
        _ledger.AppendChunkAsync(LedgerChunk.Create(batch, 0, _chunk.Records, _verdicts, DateTimeOffset.UnixEpoch), default).GetAwaiter().GetResult();
    }
}
