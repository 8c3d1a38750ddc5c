using System.Globalization;

namespace Aggregator.Load;

/// <summary>
/// nginx (Debian package) serving one file from a temp folder on a loopback port: the yardstick for
/// serving the same bytes. Run in the foreground as a child, with its own config, pid and logs.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private NginxServer(ChildProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<NginxServer> StartAsync(string folder, string fileName, byte[] content, CancellationToken ct)
    {
        var www = Path.Combine(folder, "www");
        Directory.CreateDirectory(www);
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        await File.WriteAllBytesAsync(Path.Combine(www, fileName), content, ct);
        var port = FreePort.Next();
        // Same footing as the aggregator: every core, keep-alive, no access log, the file's ETag and Last-Modified.
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            worker_processes auto;
            error_log {{folder}}/logs/error.log warn;
            pid {{folder}}/nginx.pid;
            events { worker_connections 4096; }
            http {
                access_log off;
                types { application/atom+xml atom; }
                sendfile on;
                tcp_nopush on;
                keepalive_requests 1000000;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{www}};
                    etag on;
                }
            }
            """);
        var configPath = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config, ct);
        var process = ChildProcess.Start("nginx", ["-p", folder, "-c", configPath, "-g", "daemon off;"], folder);
        var url = new Uri($"http://127.0.0.1:{port}/{fileName}");
        using var client = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var response = await client.GetAsync(url, ct);
                if (response.IsSuccessStatusCode)
                {
                    return new NginxServer(process, url);
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50, ct);
        }
        process.Dispose();
        throw new InvalidOperationException($"load: nginx did not answer on {url}: {string.Join('\n', process.Tail)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }
}
