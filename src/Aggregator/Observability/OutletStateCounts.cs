namespace Aggregator.Observability;

/// <summary>How many enabled outlets are in each state, for the `aggregator_outlets{state}` gauge.</summary>
public sealed record OutletStateCounts(int Ok, int Failing, int Never)
{
    public const string OkState = "ok";
    public const string FailingState = "failing";
    public const string NeverState = "never";
}
