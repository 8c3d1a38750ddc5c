using Aggregator.Load;

// The end-to-end load harness; see bench/README.md. `--quick` finishes in under 5 minutes on 2 cores.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
if (args is ["search", ..])
{
    // A standalone measure of search on pre-filled stores (issue 25): `search [--prefill N[,N…]] [--explain] [--postgres ADMIN-CONNECTION [--database NAME]]`.
    var at = Array.IndexOf(args, "--prefill");
    var sizes = at > 0 && at + 1 < args.Length
        ? args[at + 1].Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
        : [1_000_000];
    var pg = Array.IndexOf(args, "--postgres");
    var db = Array.IndexOf(args, "--database");
    return await SearchBench.RunAsync(sizes, args.Contains("--explain"), pg > 0 && pg + 1 < args.Length ? args[pg + 1] : null,
        db > 0 && db + 1 < args.Length ? args[db + 1] : null, cancel.Token);
}
if (args is ["parse", ..])
{
    // Only the parse figures, written into latest.json's parse keys (issue 23): `parse [--runs N] [--out FILE] [--no-write]`.
    return await ParseOnly.RunAsync(args, cancel.Token);
}
return await new LoadRun(LoadOptions.Parse(args)).RunAsync(cancel.Token);
