using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Aggregator.Configuration;

/// <summary>Reads a size like "10MB", "512KB", "1GB" or "2048B" (binary multiples, case ignored, KiB/MiB/GiB too).</summary>
public static class ByteSizeParser
{
    public static bool TryParse(string text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
        {
            digits++;
        }

        if (digits == 0)
        {
            error = "expected a size like '10MB', '512KB' or a number of bytes";
            return false;
        }

        long multiplier = trimmed[digits..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "KB" or "KIB" => 1024,
            "MB" or "MIB" => 1024 * 1024,
            "GB" or "GIB" => 1024 * 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0)
        {
            error = $"unknown unit '{trimmed[digits..].Trim()}'; use B, KB, MB or GB";
            return false;
        }

        if (!long.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount > long.MaxValue / multiplier)
        {
            error = "the size is too large";
            return false;
        }

        bytes = amount * multiplier;
        if (bytes <= 0)
        {
            error = "the size must be positive";
            return false;
        }

        error = null;
        return true;
    }
}
