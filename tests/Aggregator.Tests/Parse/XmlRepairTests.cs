using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

public class XmlRepairTests
{
    [Theory]
    [InlineData("<t>a&nbsp;b</t>", "<t>a&#160;b</t>")]
    [InlineData("<t>&eacute;&mdash;&hellip;</t>", "<t>&#233;&#8212;&#8230;</t>")]
    [InlineData("<t>&NotNestedGreaterGreater;</t>", "<t>&#10914;&#824;</t>")]
    [InlineData("<t>&amp;&lt;&gt;&quot;&apos;</t>", "<t>&amp;&lt;&gt;&quot;&apos;</t>")]
    [InlineData("<t>Black & White</t>", "<t>Black &amp; White</t>")]
    [InlineData("<t>AT&T</t>", "<t>AT&amp;T</t>")]
    [InlineData("<t>&bogus;</t>", "<t>&amp;bogus;</t>")]
    [InlineData("<t>&#233;&#xE9;</t>", "<t>&#233;&#233;</t>")]
    [InlineData("<t>&#150;</t>", "<t>&#8211;</t>")]
    [InlineData("<t>&#0;&#x1;&#xD800;</t>", "<t></t>")]
    [InlineData("<t>&#;</t>", "<t>&amp;#;</t>")]
    [InlineData("<a href=\"?a=1&b=2\"/>", "<a href=\"?a=1&amp;b=2\"/>")]
    public void References_AreRepaired(string input, string expected) => Assert.Equal(expected, XmlRepair.Repair(input));

    [Fact]
    public void IllegalCharacters_AreDropped() =>
        Assert.Equal("<t>ab\tc</t>", XmlRepair.Repair("<t>a\u0001b\u0008\t\uFFFEc\uD800</t>"));

    [Fact]
    public void C1Controls_AreReadAsWindows1252() => Assert.Equal("<t>don’t</t>", XmlRepair.Repair("<t>don\u0092t</t>"));

    [Fact]
    public void SurrogatePairs_AreKept() => Assert.Equal("<t>😀</t>", XmlRepair.Repair("<t>😀</t>"));

    [Fact]
    public void Doctype_InternalSubsetEntities_ExpandOneLevelOnly()
    {
        var input = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><rss>&a;|&b;</rss>";

        Assert.Equal("<rss>aaaa|&amp;a;&amp;a;&amp;a;</rss>", XmlRepair.Repair(input));
    }

    [Fact]
    public void Doctype_ParameterAndExternalEntities_AreNotExpanded()
    {
        var input = "<!DOCTYPE rss [<!ENTITY % p \"x\"><!ENTITY e SYSTEM \"file:///etc/passwd\">]><rss>&e;</rss>";

        Assert.Equal("<rss>&amp;e;</rss>", XmlRepair.Repair(input));
    }

    [Fact]
    public void Doctype_Public_IsRemoved() =>
        Assert.Equal("\n<rss version=\"0.91\"/>", XmlRepair.Repair("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\"/>"));

    [Fact]
    public void Cdata_IsLeftAlone() =>
        Assert.Equal("<t><![CDATA[a & b &nbsp; <p>]]></t>", XmlRepair.Repair("<t><![CDATA[a & b &nbsp; <p>]]></t>"));

    [Fact]
    public void Comments_AreLeftAlone() => Assert.Equal("<!-- a & b --><t/>", XmlRepair.Repair("<!-- a & b --><t/>"));

    [Fact]
    public void StrayLessThan_IsEscaped() => Assert.Equal("<t>1 &lt; 2</t>", XmlRepair.Repair("<t>1 < 2</t>"));

    [Fact]
    public void XmlDeclaration_IsRemoved_BecauseTheTextIsAlreadyDecoded() =>
        Assert.Equal("<rss/>", XmlRepair.Repair("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>"));

    [Fact]
    public void OtherProcessingInstructions_AreKept() =>
        Assert.Equal("<?xml-stylesheet href=\"a.xsl\"?><rss/>", XmlRepair.Repair("<?xml-stylesheet href=\"a.xsl\"?><rss/>"));

    [Fact]
    public void WellFormedXml_IsUnchanged()
    {
        const string xml = "<rss version=\"2.0\"><channel><title>A &amp; B</title><link>https://x/?a=1&amp;b=2</link></channel></rss>";

        Assert.Equal(xml, XmlRepair.Repair(xml));
    }
}
