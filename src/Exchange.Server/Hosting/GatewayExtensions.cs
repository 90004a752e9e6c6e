using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Contributions;
using Exchange.Core.Coverage;
using Exchange.Core.Faults;
using Exchange.Core.Reference;
using Exchange.Core.Registry;
using Exchange.Core.Reviews;
using Exchange.Core.Time;
using Exchange.Core.Validation;
using Exchange.Server.Grpc;
using Exchange.Server.Security;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Hosting;

/// <summary>Registers and maps everything the gateway serves.</summary>
public static class GatewayExtensions
{
    /// <summary>Seconds the host gives, after the drain, to close connections and sign the last audit checkpoint.</summary>
    private const int ShutdownMargin = 10;

    public static WebApplicationBuilder AddExchangeGateway(this WebApplicationBuilder builder, TimeProvider clock)
    {
        var services = builder.Services;
        services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.Section));
        var gateway = GatewayOptions.Read(builder.Configuration);

        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = gateway.MaxMessageBytes;
            grpc.Interceptors.Add<Gatekeeper>();
            grpc.Interceptors.Add<AnonymousStreamLimit>();
        }).AddJsonTranscoding(rest =>
            // The details of every error the gateway raises, so a REST error body carries them as gRPC's trailer does.
            rest.TypeRegistry = TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor, RetryInfo.Descriptor));
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<LedgerHealthCheck>("ledger");

        services.AddSingleton(clock);
        services.AddSingleton(builder.Configuration.GetSection($"{GatewayOptions.Section}:Validation").Get<ValidationRules>()
            ?? new ValidationRules());
        services.AddSingleton<WorkerRecordValidator>();
        services.AddSingleton<RecordInspector>();
        services.AddSingleton<OpenBatchValidator>();
        services.AddExchangeStorage(gateway);
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<ParticipantValidator>();
        services.AddSingleton<ParticipantRegistry>();
        services.AddSingleton<ReviewDesk>();
        services.AddSingleton(_ => new KnownWorkers(Wilayah.KotaBogor));
        var contributions = ContributionSettings.Read(builder.Configuration);
        services.AddSingleton(contributions.Rates());
        services.AddSingleton(contributions.Eligibility);
        services.AddSingleton<ApbdEstimator>();
        services.AddSingleton<LapseWarnings>();
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new IntakeOptions { MaxRecordsPerChunk = limits.MaxRecordsPerChunk, MaxRecordsPerBatch = limits.MaxRecordsPerBatch };
        });
        services.AddSingleton<BatchIntake>();
        GatewayMetrics.Register(services);
        // Not Configure<SecurityOptions>(section): that binds without the default purposes (SecurityOptions.Read says why).
        services.AddSingleton(sp => Options.Create(SecurityOptions.Read(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton<CallerAuthenticator>();
        services.AddSingleton<CallerLimits>();
        services.AddSingleton<StreamIdleLimit>();
        services.AddSingleton<PurposePolicy>();
        // The trail behind its checkpoints: every append, by the gatekeeper or the refused-call tally, counts towards the next one.
        services.AddSingleton(AuditSettings.Read(builder.Configuration));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AuditCheckpointer>(sp,
            sp.GetRequiredKeyedService<IAuditTrail>(StorageRegistration.StoredTrail)));
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditCheckpointer>());
        services.AddSingleton<AuditRecorder>();
        services.AddSingleton<RefusedCalls>();
        services.AddSingleton<StorageProbe>();
        // Stopped in reverse: no probe during shutdown; the refused calls' last entries go to the recorder, whose last flush
        // comes before the shutdown checkpoint signs the head.
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointer>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<RefusedCalls>());
        services.AddHostedService(sp => sp.GetRequiredService<StorageProbe>());
        services.AddHostedService<ReplicaRefresh>();
        services.AddSingleton<OutcomeLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<OutcomeLogWriter>());
        // Drains in the host's "stopping" step, before any service stops: streams end while the listener and the audit trail still work.
        services.AddSingleton<GatewayDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayDrain>());
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(gateway.DrainSeconds + ShutdownMargin));
        services.AddSingleton(sp => (IDataSubjectLedger)sp.GetRequiredService<IBatchLedger>());
        services.AddSingleton<DataSubjectReports>();
        return builder;
    }

    /// <summary>
    /// The projection of known workers, rebuilt from the ledger against the registry as loaded, then
    /// kept current: by every accepted chunk (BatchIntake), every registry version served, every decision.
    /// </summary>
    private static void LoadKnownWorkers(IServiceProvider services)
    {
        var workers = services.GetRequiredService<KnownWorkers>();
        var registry = services.GetRequiredService<ParticipantRegistry>();
        var reviews = services.GetRequiredService<ReviewDesk>();
        var clock = services.GetRequiredService<TimeProvider>();
        registry.Changed += change => workers.RegistryChanged(change.Previous, change.Current, change.ChangedNiks, Wib.Today(clock));
        reviews.Changed += (pairs, niks) => workers.Reviewed(pairs, niks, Wib.Today(clock));
        workers.LoadAsync(services.GetRequiredService<IBatchLedger>(), services.GetRequiredService<IOutcomeLog>(), registry.Index,
            reviews.Pairs, Wib.Today(clock), CancellationToken.None).GetAwaiter().GetResult();
    }

    public static WebApplication MapExchangeGateway(this WebApplication app)
    {
        // Open the database and load the registry now: a gateway that cannot should fail at start, loudly,
        // and one that starts serves the stored registry from its first call.
        var faults = app.Services.GetRequiredService<IStorageFaults>();
        try
        {
            app.Services.GetRequiredService<ParticipantRegistry>().LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
            app.Services.GetRequiredService<ReviewDesk>().LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
            LoadKnownWorkers(app.Services);
            // A trail that no longer matches its last checkpoint stops the start here (AuditCheckpointer says why).
            app.Services.GetRequiredService<AuditCheckpointer>().OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (faults.IsFault(exception, out var reason))
        {
            // Cannot even be opened now (on a full disk SQLite may have to make its -shm again): refused with the reason. One
            // that opens but does not take writes starts, NOT_SERVING, and recovers by itself (StorageProbe).
            var gateway = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            throw new GatewayStartRefusedException(
                $"the database {StorageRegistration.Describe(gateway)} cannot be used now ({reason}). " +
                $"Nothing was changed: {StorageRegistration.Remedy(gateway)}, then start the gateway again.");
        }
        // Before routing and the boundary: the metrics endpoints answer the scrape alone, without a caller.
        GatewayMetrics.MapScrape(app);
        // Routing first, so the boundary knows which method a path leads to before the method's handler runs.
        app.UseRouting();
        app.UseMiddleware<GrpcBoundary>();
        app.UseDashboard();
        app.MapGrpcService<SubmissionEndpoint>();
        app.MapGrpcService<RegistryEndpoint>();
        app.MapGrpcService<ReportEndpoint>();
        app.MapGrpcService<AuditEndpoint>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapRestOpenApi();
        return app;
    }
}
