using System.Net;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// Sits in the fetcher's real HTTP pipeline and counts response bodies being read at once: a body
/// counts from its first read until its stream is disposed. The bytes, headers and server are the
/// real ones; only the counting is added.
/// </summary>
internal sealed class BodyReadCounter : DelegatingHandler
{
    private int reading;
    private int maxReading;

    public int MaxReadingAtOnce => Volatile.Read(ref maxReading);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        response.Content = new CountedContent(response.Content, this);
        return response;
    }

    private void Started()
    {
        var now = Interlocked.Increment(ref reading);
        int max;
        while (now > (max = Volatile.Read(ref maxReading)) && Interlocked.CompareExchange(ref maxReading, now, max) != max)
        {
        }
    }

    private void Ended() => Interlocked.Decrement(ref reading);

    private sealed class CountedContent : HttpContent
    {
        private readonly HttpContent inner;
        private readonly BodyReadCounter counter;

        public CountedContent(HttpContent inner, BodyReadCounter counter)
        {
            this.inner = inner;
            this.counter = counter;
            foreach (var header in inner.Headers.NonValidated)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream);

        protected override async Task<Stream> CreateContentReadStreamAsync() => new CountedStream(await inner.ReadAsStreamAsync(), counter);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new CountedStream(await inner.ReadAsStreamAsync(cancellationToken), counter);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class CountedStream(Stream inner, BodyReadCounter counter) : Stream
    {
        private bool started;
        private bool ended;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!started)
            {
                started = true;
                counter.Started();
            }

            return await inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the fetcher reads asynchronously");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && started && !ended)
            {
                ended = true;
                counter.Ended();
            }

            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
