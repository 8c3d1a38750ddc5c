using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.LongRun;

/// <summary>
/// The worker's log as an operator's disk sees it: lines and bytes written (Information and above, as `run` logs), and
/// the lines themselves, which a soak counts by their start.
/// </summary>
internal sealed class CountingLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private long _bytes;

    public long Lines => _lines.Count;

    public long Bytes => Interlocked.Read(ref _bytes);

    public IReadOnlyList<string> All => [.. _lines];

    /// <summary>Lines whose message contains <paramref name="text"/>.</summary>
    public int Count(string text) => _lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CountingLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = $"{logLevel}: {category}: {formatter(state, exception)}";
            Interlocked.Add(ref log._bytes, Encoding.UTF8.GetByteCount(line) + 1);
            log._lines.Enqueue(line);
        }
    }
}
