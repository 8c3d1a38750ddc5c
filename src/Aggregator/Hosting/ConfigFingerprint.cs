using System.Security.Cryptography;

namespace Aggregator.Hosting;

/// <summary>
/// What feeds.json says right now, as a hash of the bytes read through every symlink on the way.
/// A FileSystemWatcher on the file's folder sees neither an edit of a symlink's target elsewhere nor
/// a Kubernetes ConfigMap update (a "..data" link renamed over to a new timestamped folder), so the
/// reloader also compares this on a short period.
/// </summary>
public static class ConfigFingerprint
{
    /// <summary>How often the file is re-read when no watcher event came.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    /// <returns>null when the file cannot be read now (being replaced, or gone): no change is concluded from that.</returns>
    public static string? Of(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
