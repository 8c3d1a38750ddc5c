namespace Aggregator.Configuration;

/// <summary>Collects problems for one file, so every check can report and carry on.</summary>
internal sealed class ProblemList(string file)
{
    private readonly List<ConfigProblem> _problems = [];

    /// <summary>In file order: checks run field by field, the operator reads top to bottom.</summary>
    public IReadOnlyList<ConfigProblem> All => [.. _problems.OrderBy(p => p.Line).ThenBy(p => p.Column)];

    public void Add(TextPosition at, string path, string message) =>
        _problems.Add(new ConfigProblem(file, at.Line, at.Column, path, message));
}
