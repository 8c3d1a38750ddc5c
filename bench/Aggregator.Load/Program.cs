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
    // A standalone measure of search on a pre-filled store (issue 25): `search [--prefill N]`.
    return await SearchBench.RunAsync(args.Length > 2 && args[1] == "--prefill" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000, cancel.Token);
}
if (args is ["parse", ..])
{
    // Only the parse figures, written into latest.json's parse keys (issue 23): `parse [--runs N] [--out FILE] [--no-write]`.
    return await ParseOnly.RunAsync(args, cancel.Token);
}
return await new LoadRun(LoadOptions.Parse(args)).RunAsync(cancel.Token);
