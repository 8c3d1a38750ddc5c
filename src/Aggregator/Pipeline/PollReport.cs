namespace Aggregator.Pipeline;

/// <summary>One poll of one outlet, as `poll` prints it and the log records it.</summary>
public sealed record PollReport(string OutletId, string Status, int New, int Updated, long ElapsedMilliseconds, int? StatusCode, string? Error)
{
    public const string Ok = "ok";
    public const string NotModified = "not-modified";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    /// <summary>CONTRACT §2: `ID  STATUS  new=N updated=N  ms`, with the reason after a failure.</summary>
    public override string ToString()
    {
        var line = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{OutletId}  {Status}  new={New} updated={Updated}  {ElapsedMilliseconds}ms");
        return Error is null ? line : $"{line}  {Normalize.PublicLink.Redact(Error)}";
    }
}
