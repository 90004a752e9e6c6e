using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Registry;
using Exchange.Core.Reviews;
using Exchange.Core.Validation;
using Exchange.Server.Grpc;
using Exchange.Server.Security;
using Exchange.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Hosting;

/// <summary>Registers and maps everything the gateway serves.</summary>
public static class GatewayExtensions
{
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
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<LedgerHealthCheck>("ledger");

        services.AddSingleton(clock);
        services.AddSingleton(builder.Configuration.GetSection($"{GatewayOptions.Section}:Validation").Get<ValidationRules>()
            ?? new ValidationRules());
        services.AddSingleton<WorkerRecordValidator>();
        services.AddSingleton<RecordInspector>();
        services.AddSingleton<OpenBatchValidator>();
        services.AddSingleton(sp => SqliteDatabase.Open(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.DatabasePath));
        services.AddSingleton<IBatchLedger, SqliteBatchLedger>();
        services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
        services.AddSingleton<ParticipantValidator>();
        services.AddSingleton<ParticipantRegistry>();
        services.AddSingleton<ReviewDesk>();
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new IntakeOptions { MaxRecordsPerChunk = limits.MaxRecordsPerChunk, MaxRecordsPerBatch = limits.MaxRecordsPerBatch };
        });
        services.AddSingleton<BatchIntake>();
        // Not Configure<SecurityOptions>(section): that binds without the default purposes (SecurityOptions.Read says why).
        services.AddSingleton(sp => Options.Create(SecurityOptions.Read(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton<CallerAuthenticator>();
        services.AddSingleton<CallerLimits>();
        services.AddSingleton<StreamIdleLimit>();
        services.AddSingleton<PurposePolicy>();
        // The trail behind its checkpoints: every append, by the gatekeeper or the refused-call tally, counts towards the next one.
        services.AddSingleton(AuditSettings.Read(builder.Configuration));
        services.AddSingleton<SqliteAuditTrail>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AuditCheckpointer>(sp, (IAuditTrail)sp.GetRequiredService<SqliteAuditTrail>()));
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditCheckpointer>());
        services.AddSingleton<RefusedCalls>();
        // Stopped in reverse: the refused calls' last entries are appended before the shutdown checkpoint signs the head.
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointer>());
        services.AddHostedService(sp => sp.GetRequiredService<RefusedCalls>());
        services.AddSingleton(sp => (IDataSubjectLedger)sp.GetRequiredService<IBatchLedger>());
        services.AddSingleton<DataSubjectReports>();
        return builder;
    }

    public static WebApplication MapExchangeGateway(this WebApplication app)
    {
        // Open the database and load the registry now: a gateway that cannot should fail at start, loudly,
        // and one that starts serves the stored registry from its first call.
        app.Services.GetRequiredService<ParticipantRegistry>().LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        app.Services.GetRequiredService<ReviewDesk>().LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        // A trail that no longer matches its last checkpoint stops the start here (AuditCheckpointer says why).
        app.Services.GetRequiredService<AuditCheckpointer>().OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        // Routing first, so the boundary knows which method a path leads to before the method's handler runs.
        app.UseRouting();
        app.UseMiddleware<GrpcBoundary>();
        app.MapGrpcService<SubmissionEndpoint>();
        app.MapGrpcService<RegistryEndpoint>();
        app.MapGrpcService<ReportEndpoint>();
        app.MapGrpcService<AuditEndpoint>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
