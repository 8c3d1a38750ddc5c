using Aggregator.Cli;

return await AggregatorCli.InvokeAsync(args);
