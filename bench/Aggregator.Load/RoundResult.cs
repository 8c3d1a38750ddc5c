namespace Aggregator.Load;

/// <summary>One ingest round: wall seconds, each outlet's poll, what the outlet server saw, the child's peak RSS.</summary>
internal sealed record RoundResult(double Seconds, IReadOnlyList<PollLine> Polls, OutletStats Server, double PeakRssMb)
{
    public long NewItems => Polls.Sum(p => (long)p.New);

    public long UpdatedItems => Polls.Sum(p => (long)p.Updated);

    public Dictionary<string, object?> Describe(IReadOnlyDictionary<string, OutletBehaviour> behaviours)
    {
        var answered = Polls.Where(p => behaviours.GetValueOrDefault(p.OutletId) != OutletBehaviour.Hang).ToList();
        var ok = Polls.Where(p => p.Status != "failed").Select(p => (double)p.ElapsedMs).ToList();
        return new Dictionary<string, object?>
        {
            ["seconds"] = LoadReport.Round(Seconds),
            ["outlets_reported"] = Polls.Count,
            ["statuses"] = Polls.GroupBy(p => p.Status).ToDictionary(g => g.Key, g => g.Count()),
            ["new_items"] = NewItems,
            ["updated_items"] = UpdatedItems,
            ["outlet_latency_ms_p50"] = LoadReport.Round(Percentiles.Of(ok, 50)),
            ["outlet_latency_ms_p99"] = LoadReport.Round(Percentiles.Of(ok, 99)),
            ["outlet_latency_ms_max"] = LoadReport.Round(ok.Count > 0 ? ok.Max() : double.NaN),
            // Outlets that hang run into the fetch timeout; without them the round ends when the work does.
            ["slowest_answering_outlet_ms"] = answered.Count > 0 ? answered.Max(p => p.ElapsedMs) : null,
            ["server"] = Server.ToString(),
            ["child_peak_rss_mb"] = LoadReport.Round(PeakRssMb),
        };
    }
}
