namespace Aggregator.Configuration;

/// <summary>Whether the file on disk is the configuration running now, or an edit that was refused.</summary>
public sealed class ConfigStatus
{
    private volatile State _state = new(true, [], null);

    public bool IsValid => _state.Valid;

    /// <summary>The problems of the refused edit; empty while the file on disk is the running configuration.</summary>
    public IReadOnlyList<ConfigProblem> Problems => _state.Problems;

    public DateTimeOffset? LastReload => _state.LastReload;

    public void Accepted(DateTimeOffset at) => _state = new State(true, [], at);

    public void Refused(IReadOnlyList<ConfigProblem> problems, DateTimeOffset at) => _state = new State(false, problems, at);

    /// <summary>A valid edit that could not be applied (the store failed or did not answer): the file on disk is not what runs.</summary>
    public void NotApplied(string file, string reason, DateTimeOffset at) =>
        _state = new State(false, [new ConfigProblem(file, 1, 1, "$", $"not applied: {reason}")], at);

    private sealed record State(bool Valid, IReadOnlyList<ConfigProblem> Problems, DateTimeOffset? LastReload);
}
