using System.Text.Json.Serialization;

namespace Aggregator.Publish.Http;

public sealed record HealthReport(
    string Status, string Scheduler, string Store, ConfigHealth Config, OutletCounts Outlets,
    IReadOnlyList<FailingOutlet> Failing, IReadOnlyList<OutletNotice> Notices, IReadOnlyList<WebSubWarning> WebSub,
    IReadOnlyList<WaitingOutlet> Waiting);

/// <summary>
/// An outlet whose last poll was not sent because a wait was in force (its host, rate group or robots.txt asked us to
/// wait): neither failing nor unhealthy, polled again at <paramref name="Until"/>.
/// </summary>
/// <param name="Reason">Which wait held it, as /metrics labels it: url, host, rate_group or robots (null for a hold stored before the label was kept).</param>
/// <param name="Message">The `status` line without its "waiting: ", naming the host, group or robots.txt.</param>
public sealed record WaitingOutlet(string Id, string? Reason, DateTimeOffset Until, string Message);

/// <summary>An outlet whose WebSub subscription fails: a warning only, since polling goes on (health is not affected).</summary>
public sealed record WebSubWarning(string Id, string Reason, string Error, int Failures, DateTimeOffset Since);

/// <summary>An outlet that works but wants the operator's attention (e.g. it moved permanently).</summary>
public sealed record OutletNotice(string Id, string Notice);

/// <param name="LastReload">When the worker last read an edit of the file (accepted or refused); null until the first since start.</param>
public sealed record ConfigHealth(string Path, string State, IReadOnlyList<string> Problems, DateTimeOffset? LastReload);

/// <summary>Broken: a listing whose page no longer yields articles (its selectors or structure stopped matching).</summary>
/// <param name="Waiting">Outlets whose last poll was held (<see cref="WaitingOutlet"/>), counted among the others too (ok, never polled).</param>
public sealed record OutletCounts(int Total, int Ok, int Failing, int Broken, int NeverPolled, int Waiting);

public sealed record FailingOutlet(string Id, int ConsecutiveFailures, int? LastStatus, string? LastError, DateTimeOffset? LastSuccess);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJson : JsonSerializerContext;
