namespace Aggregator.Model;

/// <summary>
/// The one list of query parameters that only track a click and never select content,
/// so two links differing only in them name the same article (CONTRACT §5).
/// </summary>
public static class TrackingParameters
{
    /// <summary>Any parameter starting with one of these is a campaign tag.</summary>
    private static readonly string[] Prefixes =
    [
        "utm_",   // Google Analytics campaign tags (utm_source, utm_medium, utm_campaign, utm_term, utm_content, utm_id…)
        "mtm_",   // Matomo campaign tags
        "pk_",    // Piwik campaign tags (pk_campaign, pk_kwd, pk_source…)
        "hsa_",   // HubSpot ads
    ];

    /// <summary>Exact names, compared case-insensitively.</summary>
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        // Ad-click ids.
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "li_fat_id", "epik", "irclickid",
        // Mailchimp, Marketo, HubSpot, Vero, Oracle Eloqua, Olytics mailings.
        "mc_cid", "mc_eid", "mkt_tok", "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking",
        "vero_id", "vero_conv", "elqtrackid", "elqtrack", "oly_anon_id", "oly_enc_id",
        // Google Analytics cross-domain linker, Instagram and Twitter share tags.
        "_ga", "_gl", "igshid", "igsh", "ref_src", "ref_url",
        // Facebook share-dialog leftovers.
        "fb_action_ids", "fb_action_types", "fb_ref", "fb_source", "action_object_map", "action_type_map", "action_ref_map",
        // Yandex and Openstat counters.
        "_openstat", "ysclid",
        // Adobe campaign id.
        "s_cid",
    };

    public static bool IsTracker(string name)
    {
        if (Names.Contains(name))
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
