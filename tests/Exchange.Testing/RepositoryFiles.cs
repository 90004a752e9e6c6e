namespace Exchange.Testing;

/// <summary>Files of the repository the tests run from (the README, docs/), for tests that hold documentation and code together.</summary>
public static class RepositoryFiles
{
    public static string[] ReadLines(string relativePath)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Exchange.sln")))
        {
            directory = directory.Parent;
        }
        return File.ReadAllLines(Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("no Exchange.sln above the tests"), relativePath));
    }

    /// <summary>The rows of the first Markdown table whose header starts with <paramref name="header"/>, as trimmed cells.</summary>
    public static List<string[]> Table(string relativePath, string header)
    {
        var lines = ReadLines(relativePath);
        var start = Array.FindIndex(lines, l => l.StartsWith(header, StringComparison.Ordinal));
        if (start < 0)
        {
            throw new InvalidOperationException($"{relativePath} has no table headed '{header}'");
        }
        return lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();
    }
}
