using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Cli;

/// <summary>
/// `healthcheck`: asks the running worker's GET /healthz and exits 0 on 200, else 1, printing one
/// line. It exists for the container's HEALTHCHECK: the runtime image has no curl or wget.
/// </summary>
public static class HealthcheckCommand
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var command = new Command("healthcheck", "Query the running worker's /healthz (same --urls as run); exit 0 when it answers 200");
        command.SetAction((parse, ct) => CheckAsync(parse, ct));
        return command;
    }

    private static async Task<int> CheckAsync(ParseResult parse, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var urls = parse.GetValue(RunCommand.Urls)
            ?? (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 } env ? env : RunCommand.DefaultUrls);
        if (HealthUrl(urls) is not { } target)
        {
            await output.WriteLineAsync($"unhealthy: no HTTP address to query in '{urls}'");
            return 1;
        }

        // No proxy: an http_proxy in the container's environment must not answer for our loopback.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(target, ct);
            var status = await StatusFieldAsync(response, ct);
            var healthy = response.StatusCode == System.Net.HttpStatusCode.OK;
            await output.WriteLineAsync($"{(healthy ? "healthy" : "unhealthy")}: {(int)response.StatusCode} {status} {target}");
            return healthy ? 0 : 1;
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is SocketException socket ? socket.Message : e.Message;
            await output.WriteLineAsync($"unhealthy: {target}: {reason}");
            return 1;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            await output.WriteLineAsync($"unhealthy: {target}: no answer within {Timeout.TotalSeconds:0} s");
            return 1;
        }
    }

    /// <summary>
    /// GET /healthz on the first http(s) listen address; a wildcard host (0.0.0.0, [::], +, *) is
    /// asked on 127.0.0.1, since that is where a wildcard listener can be reached from inside.
    /// </summary>
    public static Uri? HealthUrl(string urls)
    {
        foreach (var candidate in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(candidate);
            }
            catch (FormatException)
            {
                continue;
            }
            if (address.IsUnixPipe || address.Port == 0
                || !(address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var host = address.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*" ? "127.0.0.1" : address.Host;
            return new UriBuilder(address.Scheme.ToLowerInvariant(), host.Trim('[', ']'), address.Port, "/healthz").Uri;
        }
        return null;
    }

    /// <summary>The "status" field of the health JSON (ok, degraded, unhealthy), or "-" when absent.</summary>
    private static async Task<string> StatusFieldAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                ? status.GetString()!
                : "-";
        }
        catch (JsonException)
        {
            return "-";
        }
    }
}
