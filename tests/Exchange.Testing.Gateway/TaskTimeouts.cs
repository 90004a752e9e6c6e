using Grpc.Core;

namespace Exchange.Testing.Gateway;

/// <summary>Every await on a stream goes through here, so a broken server fails a test instead of hanging it.</summary>
public static class TaskTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    public static Task Within(this Task task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    /// <summary>Every message of a response stream, each read bounded by the timeout.</summary>
    public static async Task<List<T>> ReadAllWithinAsync<T>(this IAsyncStreamReader<T> stream)
    {
        var items = new List<T>();
        while (await stream.MoveNext(CancellationToken.None).Within())
        {
            items.Add(stream.Current);
        }
        return items;
    }
}
