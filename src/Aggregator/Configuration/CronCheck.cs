using System.Diagnostics.CodeAnalysis;
using Quartz;

namespace Aggregator.Configuration;

/// <summary>Checks a Quartz cron expression the way the scheduler will read it, keeping Quartz's reason.</summary>
public static class CronCheck
{
    public static bool IsValid(string expression, [NotNullWhen(false)] out string? error)
    {
        // This Quartz build has TryParse rather than the older IsValidExpression; same answer, no exception on the happy path.
        if (CronExpression.TryParse(expression, out _))
        {
            error = null;
            return true;
        }

        try
        {
            _ = new CronExpression(expression);
            error = "not a valid Quartz cron expression";
        }
        catch (FormatException e)
        {
            // Quartz's reason names the field and, for five-field crontab lines, the seconds-first rewrite.
            error = "not a valid Quartz cron expression: " + e.Message.Trim().TrimEnd('.');
        }

        return false;
    }
}
