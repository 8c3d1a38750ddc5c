using Aggregator.Load;

// The end-to-end load harness; see bench/README.md. `--quick` finishes in under 5 minutes on 2 cores.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await new LoadRun(LoadOptions.Parse(args)).RunAsync(cancel.Token);
