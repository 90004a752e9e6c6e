using Exchange.Benchmarks.Throughput;
using Exchange.Synthetic;

namespace Exchange.Server.Tests;

/// <summary>
/// The throughput benchmark, tiny: the gateway and the echo server as processes, every figure of the table there, the
/// gateway's own read from its metrics (and its record count checked against what was sent).
/// </summary>
public sealed class ThroughputBenchmarkTests
{
    [Fact]
    public async Task A_tiny_throughput_run_prints_the_registry_sync_and_a_row_per_run_and_stream_count()
    {
        var output = new StringWriter();
        var options = new ThroughputOptions(Records: 2_000, Registry: 3_000, ChunkSize: 500, Streams: [1, 2], Window: 2, Rounds: 1, Engine: "sqlite",
            SyntheticProfile.Bogor, Seed: 7);

        Assert.True(await ThroughputBenchmark.RunAsync(options, output).Within(TimeSpan.FromMinutes(3)));

        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, line => line.StartsWith("registry snapshot sync: ", StringComparison.Ordinal) && line.Contains("peak RSS", StringComparison.Ordinal));
        var rows = lines.Where(line => line.StartsWith("| echo |", StringComparison.Ordinal) || line.StartsWith("| gateway |", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries)).ToArray();
        Assert.Equal(["echo 1", "gateway 1", "echo 2", "gateway 2"], rows.Select(cells => $"{cells[1]} {cells[2]}"));
        foreach (var cells in rows)
        {
            // records/s min / median / max, all above nothing; the echo's ratio to itself is 1.
            Assert.All(cells[3].Split(" / "), rate => Assert.True(double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) > 0, cells[3]));
            Assert.True(double.Parse(cells[8], System.Globalization.CultureInfo.InvariantCulture) > 0, $"peak RSS {cells[8]}");
            // The gateway's own chunk and append times, from its metrics scrape; the echo server has none.
            if (cells[1] == "gateway")
            {
                Assert.All(cells[6].Split(" / "), mean => Assert.True(double.Parse(mean, System.Globalization.CultureInfo.InvariantCulture) > 0, cells[6]));
            }
            else
            {
                Assert.Equal("-", cells[6]);
            }
        }
        Assert.Equal("1.000", rows[0][4]);
    }
}
