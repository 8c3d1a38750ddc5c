using System.Net;

namespace Aggregator.Fetch;

/// <summary>Thrown from the connect step when an untrusted destination resolves only to private addresses.</summary>
/// <remarks>An IOException so the handler wraps it like any failed connect; FetchErrors finds it inside.</remarks>
public sealed class PrivateAddressRefusedException : IOException
{
    public PrivateAddressRefusedException()
    {
    }

    public PrivateAddressRefusedException(string message)
        : base(message)
    {
    }

    public PrivateAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PrivateAddressRefusedException(IPAddress address, string host)
        : base($"fetch: refused to connect to a private address ({address}) for host {host}")
    {
    }
}
