using System.Text;

namespace Aggregator.Fetch;

/// <summary>
/// Bytes of a body that are not valid in the charset it was read with: each sequence becomes U+FFFD, so the text keeps
/// its place and loses the characters. <see cref="BodyDecoder"/> reads such bodies through a fallback that counts, which
/// costs nothing while the bytes are valid (a fallback runs only at an invalid byte); a poll that watches collects the
/// bodies that had any, by charset, to count and show them.
/// </summary>
public sealed class InvalidBytes : IDisposable
{
    private static readonly AsyncLocal<InvalidBytes?> Watching = new();

    private readonly InvalidBytes? outer;
    private readonly List<CountingFallback> bodies = [];

    private InvalidBytes(InvalidBytes? outer) => this.outer = outer;

    /// <summary>The poll's watch, when one is in force on this flow.</summary>
    public static InvalidBytes? Current => Watching.Value;

    /// <summary>Watches this flow (a poll's) until disposed.</summary>
    public static InvalidBytes Watch()
    {
        var watch = new InvalidBytes(Watching.Value);
        Watching.Value = watch;
        return watch;
    }

    /// <summary>The bodies read since the watch began that had invalid bytes, by charset, with how many sequences were replaced.</summary>
    public IReadOnlyList<(string Charset, int Bodies, long Replaced)> ByCharset
    {
        get
        {
            lock (bodies)
            {
                return [.. bodies.Where(b => b.Replaced > 0).GroupBy(b => b.Label, StringComparer.Ordinal)
                    .Select(g => (g.Key, g.Count(), g.Sum(b => (long)b.Replaced)))];
            }
        }
    }

    public void Dispose() => Watching.Value = outer;

    /// <summary>
    /// The encoding to read one body with: the chosen one, with a fallback of its own that counts what it replaces
    /// (an encoding's fallback is the encoding's, so each body gets its copy) and is known to the poll that watches.
    /// </summary>
    internal static Encoding Counting(Encoding encoding, string label)
    {
        var fallback = new CountingFallback(label);
        var copy = (Encoding)encoding.Clone();
        copy.DecoderFallback = fallback;
        if (Watching.Value is { } watch)
        {
            lock (watch.bodies)
            {
                watch.bodies.Add(fallback);
            }
        }
        return copy;
    }

    /// <summary>
    /// The replacement fallback (one U+FFFD per invalid sequence), counting. A body may be decoded more than once (its
    /// head to find the root, then whole; counted, then converted): each pass has its own buffer, and the body's count
    /// is the largest pass's, which is the whole body's.
    /// </summary>
    private sealed class CountingFallback(string label) : DecoderFallback
    {
        private int most;

        public string Label => label;

        public int Replaced => Volatile.Read(ref most);

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private void Seen(int count)
        {
            var known = Volatile.Read(ref most);
            while (count > known && Interlocked.CompareExchange(ref most, count, known) is var found && found != known)
            {
                known = found;
            }
        }

        // As the framework's replacement buffer with a one-character replacement: Fallback hands out one U+FFFD.
        private sealed class Buffer(CountingFallback owner) : DecoderFallbackBuffer
        {
            private int replaced;
            private int left = -1;
            private int at = -1;

            public override int Remaining => left < 0 ? 0 : left;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                replaced++;
                owner.Seen(replaced);
                left = 1;
                at = -1;
                return true;
            }

            public override char GetNextChar()
            {
                left--;
                at++;
                if (left < 0)
                {
                    return '\0';
                }
                return '\uFFFD';
            }

            public override bool MovePrevious()
            {
                if (left >= -1 && at >= 0)
                {
                    at--;
                    left++;
                    return true;
                }
                return false;
            }

            public override void Reset()
            {
                left = -1;
                at = -1;
            }
        }
    }
}
