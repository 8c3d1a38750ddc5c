namespace Aggregator.Pipeline;

/// <summary>One poll of one outlet, as `poll` prints it and the log records it.</summary>
public sealed record PollReport(string OutletId, string Status, int New, int Updated, long ElapsedMilliseconds, int? StatusCode, string? Error)
{
    public const string Ok = "ok";
    public const string NotModified = "not-modified";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    /// <summary>Not sent: the outlet's host, rate group or robots.txt asked us to wait until <see cref="HeldUntil"/>.</summary>
    public const string Waiting = "waiting";

    /// <summary>For a <see cref="Waiting"/> poll, when the wait ends: the scheduler polls the outlet again then.</summary>
    public DateTimeOffset? HeldUntil { get; init; }

    /// <summary>For a <see cref="Waiting"/> poll, which wait held it (url, host, rate_group, robots).</summary>
    public string? HeldBy { get; init; }

    /// <summary>CONTRACT §2: `ID  STATUS  new=N updated=N  ms`, with the reason after a failure.</summary>
    public override string ToString()
    {
        var line = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{OutletId}  {Status}  new={New} updated={Updated}  {ElapsedMilliseconds}ms");
        return Error is null ? line : $"{line}  {Normalize.PublicLink.Redact(Error)}";
    }
}
