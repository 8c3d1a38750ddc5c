namespace Aggregator.Publish;

/// <summary>
/// "Something changed" from many callers, taken as one event once they have gone quiet for a
/// moment: an editor saving in several writes, or many polls finishing together.
/// </summary>
public sealed class DebouncedSignal(TimeSpan quiet, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Notify() => _signal.Release();

    /// <summary>Waits for a notification, then for the quiet period, and absorbs what arrived meanwhile.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        await _signal.WaitAsync(ct);
        await Task.Delay(quiet, time, ct);
        while (_signal.CurrentCount > 0)
        {
            await _signal.WaitAsync(ct);
        }
    }

    public void Dispose() => _signal.Dispose();
}
