using System.Collections.Concurrent;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    // One worker owns a SQLite file, so an in-process lock per file and name is the whole exclusive
    // section; static, so that two handles on one file in this process share it.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Sections = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable> ExclusiveAsync(string name, CancellationToken ct)
    {
        var section = SectionOf(name);
        await section.WaitAsync(ct);
        return new Release(section);
    }

    private SemaphoreSlim SectionOf(string name) => Sections.GetOrAdd(DatabasePath + "\n" + name, _ => new SemaphoreSlim(1, 1));

    private sealed class Release(SemaphoreSlim section) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                section.Release();
            }
            return ValueTask.CompletedTask;
        }
    }
}
