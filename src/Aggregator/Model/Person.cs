namespace Aggregator.Model;

/// <summary>An author or contributor as a feed names them; any part may be missing.</summary>
public sealed record Person(string? Name, string? Email = null, Uri? Uri = null)
{
    /// <summary>What a reader shows: the name, else the e-mail address, else the URI.</summary>
    public string? Display => Name ?? Email ?? Uri?.ToString();
}
