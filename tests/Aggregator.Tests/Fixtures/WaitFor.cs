namespace Aggregator.Tests.Fixtures;

/// <summary>
/// Waiting for a state of a real process or server: probed until it holds, never for a fixed time. On a 2-core machine
/// shared with parallel builds a worker took over 30 s to answer its first /healthz, and a single request longer than
/// an HttpClient's timeout; so a probe that times out is probed again, and only <see cref="Hang"/> ends the wait.
/// </summary>
internal static class WaitFor
{
    /// <summary>Ends a wait that would otherwise hang a run: far past any startup or poll, however busy the machine.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromMinutes(4);

    /// <summary>
    /// Probes until <paramref name="probe"/> returns a value; <paramref name="gone"/> names why the state can no longer
    /// come (a process that exited) and ends the wait at once.
    /// </summary>
    /// <param name="lastSeen">What the probe saw last, for the timeout's message.</param>
    public static async Task<T> StateAsync<T>(string what, Func<Task<T?>> probe, Func<Task<string?>>? gone = null, Func<string>? lastSeen = null)
        where T : class
    {
        using var hang = new CancellationTokenSource(Hang);
        var last = "";
        while (!hang.IsCancellationRequested)
        {
            if (gone is not null && await gone() is { } reason)
            {
                throw new InvalidOperationException($"{what}: {reason}");
            }
            try
            {
                if (await probe() is { } found)
                {
                    return found;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // Not listening yet, or a request that outlasted its client's timeout on a busy machine.
                last = e.Message;
            }
            await Task.Delay(100, CancellationToken.None);
        }
        throw new TimeoutException($"{what}: not reached in {Hang.TotalMinutes} min {last} {lastSeen?.Invoke()}".TrimEnd());
    }

    /// <summary>
    /// Probes until <paramref name="condition"/> holds: the state awaited, not a time budget. Only <see cref="Hang"/> or
    /// <paramref name="gone"/> ends the wait, with <paramref name="what"/> (what never came) in the exception.
    /// </summary>
    public static async Task UntilAsync(string what, Func<Task<bool>> condition, Func<Task<string?>>? gone = null) =>
        _ = await StateAsync(what, async () => await condition() ? "reached" : null, gone);

    /// <summary>The body of <paramref name="path"/> once <paramref name="done"/> holds for it.</summary>
    /// <param name="awaited">What <paramref name="done"/> waits for, in words, so a timeout says which state never came and what was seen last.</param>
    public static async Task<string> BodyAsync(HttpClient http, string path, Func<string, bool> done, Func<Task<string?>>? gone = null, string? awaited = null)
    {
        var seen = "";
        return await StateAsync(awaited is null ? $"GET {path}" : $"GET {path} until {awaited}", async () =>
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            seen = $"(last answer {(int)response.StatusCode}: {body[..Math.Min(600, body.Length)]})";
            return response.IsSuccessStatusCode && done(body) ? body : null;
        }, gone, () => seen);
    }

    /// <summary>Why a child process can no longer answer: it exited, with its code and the end of its output.</summary>
    public static Func<Task<string?>> Exited(AggregatorProcess process) => async () =>
    {
        if (!process.HasExited)
        {
            return null;
        }
        var (code, output, error) = await process.WaitAsync(TimeSpan.FromSeconds(30));
        return $"the process exited with {code}: {error} {output[^Math.Min(2000, output.Length)..]}";
    };
}
