using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Core.Registry;

namespace Exchange.Storage.Tests.Engines;

/// <summary>
/// One storage engine over storage of its own, for one test. The contract classes run the same tests on every engine;
/// what only an engine knows (how to reach its tables directly, how to tamper with them) is asked of it here.
/// </summary>
public abstract class TestStorage : IAsyncDisposable
{
    /// <summary>The engine's stores over this storage, opened anew: as a restarted gateway, or another replica, opens them.</summary>
    public abstract Task<Stores> OpenAsync();

    /// <summary>Runs <paramref name="sql"/> on a connection of its own, as anyone with access to the database could: the schema's triggers hold.</summary>
    public abstract Task ExecuteAsync(string sql);

    /// <summary>Runs <paramref name="sql"/> with the audit trail's append-only triggers out of the way: what whoever owns the database can do.</summary>
    public abstract Task TamperAsync(string sql);

    /// <summary><paramref name="instant"/> as a SQL literal for the engine's timestamp columns.</summary>
    public abstract string Literal(DateTimeOffset instant);

    /// <summary>The rows of <paramref name="table"/> as text, to show that a refused statement changed nothing.</summary>
    public abstract Task<List<string>> DumpAsync(string table);

    /// <summary>Whether <paramref name="text"/> appears anywhere the engine stored the audit trail.</summary>
    public abstract Task<bool> StoredAuditContainsAsync(string text);

    public abstract ValueTask DisposeAsync();
}

/// <summary>The stores of one opened database.</summary>
public sealed record Stores(IBatchLedger Ledger, IRegistryStore Registry, IAuditTrail Trail, IOutcomeLog Outcomes)
{
    public IDataSubjectLedger Subjects => (IDataSubjectLedger)Ledger;
}

/// <summary>The base of the contract classes: a fresh <see cref="TestStorage"/> for each test, opened once as <see cref="Stores"/>.</summary>
public abstract class StorageContract(Func<Task<TestStorage>> create) : IAsyncLifetime
{
    private TestStorage? _storage;
    private Stores? _stores;

    protected TestStorage Storage => _storage ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The stores the test works with; <see cref="TestStorage.OpenAsync"/> opens more over the same database.</summary>
    protected Stores Opened => _stores ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _storage = await create();
        _stores = await _storage.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }
}
