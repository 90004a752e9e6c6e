using Grpc.Core;
using Jamsostek.Exchange.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Exchange.Benchmarks.Throughput;

/// <summary>
/// The wire's limit: the gateway's Submit contract served by a process that only parses each chunk and answers every
/// record accepted, nothing validated, matched or stored. The throughput benchmark starts it as its own process
/// (<c>echo-server</c>), so it and the gateway are measured the same way, from the same client.
/// </summary>
public static class EchoServer
{
    public static async Task RunAsync(string[] args)
    {
        // Its content root the build output, not the working directory: nothing there is watched but its own files.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 16 * 1024 * 1024);
        var app = builder.Build();
        app.MapGrpcService<EchoSubmission>();
        await app.RunAsync();
    }

    private sealed class EchoSubmission : SubmissionService.SubmissionServiceBase
    {
        public override async Task Submit(IAsyncStreamReader<SubmitRequest> requestStream, IServerStreamWriter<SubmitResponse> responseStream,
            ServerCallContext context)
        {
            var batchId = "";
            long records = 0;
            await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
            {
                switch (request.MessageCase)
                {
                    case SubmitRequest.MessageOneofCase.Open:
                        batchId = request.Open.BatchId;
                        await responseStream.WriteAsync(new SubmitResponse { Opened = new BatchOpened { BatchId = batchId, State = BatchState.Open } });
                        break;
                    case SubmitRequest.MessageOneofCase.Chunk:
                        var chunk = request.Chunk;
                        var results = new ChunkResults { FirstOffset = chunk.FirstOffset };
                        for (var i = 0; i < chunk.Records.Count; i++)
                        {
                            results.Results.Add(new RecordResult
                            {
                                Offset = chunk.FirstOffset + i, Status = RecordStatus.Accepted, Outcome = MatchOutcome.NotRegistered,
                            });
                        }
                        records = chunk.FirstOffset + chunk.Records.Count;
                        results.CommittedOffset = records;
                        await responseStream.WriteAsync(new SubmitResponse { Results = results });
                        break;
                    case SubmitRequest.MessageOneofCase.Finish:
                        await responseStream.WriteAsync(new SubmitResponse
                        {
                            Summary = new BatchSummary { BatchId = batchId, State = BatchState.Finished, RecordCount = records, AcceptedCount = records },
                        });
                        return;
                }
            }
        }
    }
}
