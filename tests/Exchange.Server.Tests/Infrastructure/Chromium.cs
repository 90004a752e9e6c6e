using Microsoft.Playwright;

namespace Exchange.Server.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, driven by Playwright, for the dashboard tests. Playwright's own browser download cannot run here
/// (no network but the package registries), so the browser is the distribution's, found by path; <c>playwright install</c>
/// is never run. Missing, it skips the tests, except where <see cref="PostgresServer.Required"/> says the tests must run
/// (CI: .ci/run installs it), as PostgreSQL does. It runs as it is under .ci/run's libfaketime pass (a relative offset
/// keeps its clock running), and the page never reads the browser's clock: its dates are the gateway's.
/// </summary>
public static class Chromium
{
    /// <summary>The browser binary itself first: /usr/bin/chromium is Debian's wrapper script around it.</summary>
    private static readonly string[] Candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

    /// <summary>
    /// The path of the browser, or null with <paramref name="skipReason"/> when it is not installed and not required.
    /// Throws when it is required but missing.
    /// </summary>
    public static string? ForTests(out string skipReason)
    {
        var path = Candidates.FirstOrDefault(File.Exists);
        skipReason = path is null ? $"chromium not installed (none of {string.Join(", ", Candidates)}): skipped" : "";
        if (path is null && PostgresServer.Required)
        {
            throw new InvalidOperationException(
                $"chromium is not installed (none of {string.Join(", ", Candidates)}); CI is set, so the dashboard tests must run: " +
                "install Debian's chromium package (.ci/run does)");
        }
        return path;
    }

    /// <summary>A headless browser from <paramref name="executable"/>, and Playwright's driver behind it; every step bounded.</summary>
    public static async Task<Session> LaunchAsync(string executable)
    {
        var playwright = await Playwright.CreateAsync().Within();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Timeout = (float)TaskTimeouts.Default.TotalMilliseconds,
            }).Within();
            return new Session(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public sealed class Session(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Browser => browser;

        public async ValueTask DisposeAsync()
        {
            await browser.CloseAsync().Within();
            playwright.Dispose();
        }
    }
}
