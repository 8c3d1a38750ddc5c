using System.Text.Json.Serialization;

namespace Aggregator.Publish.Http;

public sealed record HealthReport(
    string Status, string Scheduler, string Store, ConfigHealth Config, OutletCounts Outlets,
    IReadOnlyList<FailingOutlet> Failing, IReadOnlyList<OutletNotice> Notices, IReadOnlyList<WebSubWarning> WebSub);

/// <summary>An outlet whose WebSub subscription fails: a warning only, since polling goes on (health is not affected).</summary>
public sealed record WebSubWarning(string Id, string Reason, string Error, int Failures, DateTimeOffset Since);

/// <summary>An outlet that works but wants the operator's attention (e.g. it moved permanently).</summary>
public sealed record OutletNotice(string Id, string Notice);

/// <param name="LastReload">When the worker last read an edit of the file (accepted or refused); null until the first since start.</param>
public sealed record ConfigHealth(string Path, string State, IReadOnlyList<string> Problems, DateTimeOffset? LastReload);

/// <summary>Broken: a listing whose page no longer yields articles (its selectors or structure stopped matching).</summary>
public sealed record OutletCounts(int Total, int Ok, int Failing, int Broken, int NeverPolled);

public sealed record FailingOutlet(string Id, int ConsecutiveFailures, int? LastStatus, string? LastError, DateTimeOffset? LastSuccess);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJson : JsonSerializerContext;
