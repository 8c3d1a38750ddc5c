namespace Aggregator.Observability;

/// <summary>How an instrument's measurements accumulate and which `# TYPE` it is exposed as.</summary>
public enum MetricKind
{
    /// <summary>Counter&lt;T&gt;: measurements are increments; exposed as a counter.</summary>
    Counter,
    /// <summary>ObservableCounter: each observation is the running total already; exposed as a counter.</summary>
    ObservedCounter,
    /// <summary>UpDownCounter&lt;T&gt;: increments that may go down; exposed as a gauge.</summary>
    UpDownCounter,
    /// <summary>Gauges and observable up-down counters: the last value wins; exposed as a gauge.</summary>
    Gauge,
    Histogram,
}
