using System.Globalization;

namespace Aggregator.Load;

/// <summary>The harness's command line. `--quick` keeps the 2,000 outlets but shortens wrk and the start-up store.</summary>
internal sealed record LoadOptions
{
    public bool Quick { get; init; }
    public int Outlets { get; init; } = 2000;
    public int ItemsPerFeed { get; init; } = 50;
    /// <summary>Loopback ports the outlets are spread over (the fetcher's per-host limit is per host:port).</summary>
    public int Hosts { get; init; } = 200;
    public int WrkConnections { get; init; } = 64;
    public int WrkSeconds { get; init; } = 20;
    public int PrefillArticles { get; init; } = 1_000_000;
    /// <summary>Whether 1% of outlets never answer (false: to see a round without the fetch timeout in it).</summary>
    public bool Hanging { get; init; } = true;
    /// <summary>
    /// A built aggregator.dll, or a native executable (a `-p:PublishAot=true` publish's `aggregator`); when null the
    /// harness publishes src/Aggregator itself (<see cref="AggregatorBuild"/>).
    /// </summary>
    public string? AggregatorDll { get; init; }
    public string? RepoRoot { get; init; }
    public string? Output { get; init; }
    public bool KeepTemp { get; init; }
    /// <summary>The scale-out figure (1-3 workers on PostgreSQL): part of the full run, optional in quick mode.</summary>
    public bool Scaling { get; init; } = true;
    /// <summary>Only the scale-out figure, written to bench/results/scaling.json.</summary>
    public bool ScalingOnly { get; init; }
    /// <summary>Only the ingest figures (round 1 without wrk, then the cold poll), printed and written to --out if given: for measuring one store change at a time.</summary>
    public bool IngestOnly { get; init; }
    /// <summary>With --ingest-only: poll the cold poll's store twice more, unchanged and with a tenth new (<see cref="RepollRound"/>); full and quick runs always do.</summary>
    public bool Repoll { get; init; }
    /// <summary>Only round 1 with wrk during it (issue 23's serving-while-ingesting figure), written to --out if given: for comparing builds side by side.</summary>
    public bool ServeIngestOnly { get; init; }
    /// <summary>With --serve-ingest-only: wait for the whole round, so first_round_s is measured too (a trade against the serving figure).</summary>
    public bool WholeRound { get; init; }
    /// <summary>In the wrk window during round 1: every GC pause from the worker's EventPipe and a probe connection's requests, to say which slow requests a collection caught.</summary>
    public bool GcTrace { get; init; }
    /// <summary>Only issue 23's store comparison (the cold poll on SQLite, then on PostgreSQL, both sides' CPU), written to bench/results/postgres-ingest.json.</summary>
    public bool PostgresIngestOnly { get; init; }
    /// <summary>Extra environment for the `run` child (e.g. DOTNET_gcServer=1), to see what the runtime's settings do to serving during ingest.</summary>
    public IReadOnlyDictionary<string, string> ChildEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        if (args.Contains("--quick"))
        {
            options = options with { Quick = true, WrkSeconds = 5, PrefillArticles = 100_000, Scaling = false };
        }
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"load: {args[i]} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--quick" => options,
                "--outlets" => options with { Outlets = Number() },
                "--items" => options with { ItemsPerFeed = Number() },
                "--hosts" => options with { Hosts = Number() },
                "--connections" => options with { WrkConnections = Number() },
                "--wrk-seconds" => options with { WrkSeconds = Number() },
                "--prefill" => options with { PrefillArticles = Number() },
                "--aggregator" => options with { AggregatorDll = Path.GetFullPath(Value()) },
                "--repo" => options with { RepoRoot = Path.GetFullPath(Value()) },
                "--out" => options with { Output = Path.GetFullPath(Value()) },
                "--keep" => options with { KeepTemp = true },
                "--no-hang" => options with { Hanging = false },
                "--scaling" => options with { Scaling = true },
                "--scaling-only" => options with { ScalingOnly = true },
                "--ingest-only" => options with { IngestOnly = true, Scaling = false },
                "--repoll" => options with { IngestOnly = true, Repoll = true, Scaling = false },
                "--postgres-ingest" => options with { PostgresIngestOnly = true, Scaling = false },
                "--serve-ingest-only" => options with { ServeIngestOnly = true, Scaling = false },
                "--whole-round" => options with { WholeRound = true },
                "--gc-trace" => options with { GcTrace = true },
                "--child-env" => options with { ChildEnvironment = WithVariable(options.ChildEnvironment, Value()) },
                _ => throw new ArgumentException($"load: unknown option {args[i]}; see bench/README.md"),
            };
        }
        return options;
    }

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> environment, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"load: --child-env wants NAME=VALUE, not '{assignment}'");
        }
        return new Dictionary<string, string>(environment, StringComparer.Ordinal) { [assignment[..equals]] = assignment[(equals + 1)..] };
    }
}
