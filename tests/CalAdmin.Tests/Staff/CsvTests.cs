using CalAdmin.Web.Features.Staff;

namespace CalAdmin.Tests.Staff;

public sealed class CsvTests
{
    [Fact]
    public void Reads_quotes_commas_and_line_breaks_inside_quotes_and_skips_the_bom()
    {
        var text = "\uFEFFname,email,department\r\n\"Doe, Jane\",jane@x.test,\"Sales\r\nNorth\"\r\n\"Say \"\"hi\"\"\",say@x.test,\n\nlast,l@x.test,Ops";

        var records = Csv.Read(text);

        Assert.Equal(4, records.Count);
        Assert.Equal(["name", "email", "department"], records[0].Fields);
        Assert.Equal(["Doe, Jane", "jane@x.test", "Sales\r\nNorth"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(["Say \"hi\"", "say@x.test", ""], records[2].Fields);
        Assert.Equal(4, records[2].Line);
        Assert.Equal(["last", "l@x.test", "Ops"], records[3].Fields);
        Assert.Equal(6, records[3].Line);
    }

    [Fact]
    public void An_unclosed_quote_is_a_format_error_naming_the_line()
    {
        var ex = Assert.Throws<FormatException>(() => Csv.Read("name,email\n\"open,a@b.test\n"));
        Assert.Contains("Line 2", ex.Message);
    }

    [Theory]
    [InlineData("=cmd()", "'=cmd()")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("=a,\"b\"", "\"'=a,\"\"b\"\"\"")]
    // A semicolon locale's spreadsheet splits at ';': such cells are quoted, and a formula behind one is still neutralised.
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("=1;=cmd()", "\"'=1;=cmd()\"")]
    [InlineData("\t=x", "'\t=x")]
    public void Writing_neutralises_formulas_and_quotes_when_needed(string value, string cell) =>
        Assert.Equal(cell, Csv.Cell(value));

    [Fact]
    public void A_semicolon_cell_round_trips_through_read() =>
        Assert.Equal(["a;b", "'=1;2"], Csv.Read(Csv.Write([["a;b", "=1;2"]]))[0].Fields);

    [Fact]
    public void Written_rows_read_back_to_the_same_values()
    {
        string?[][] rows = [["name", "email"], ["=cmd()", "a@b.test"], ["Line\nbreak, \"quoted\"", null]];

        var back = Csv.Read(Csv.Write(rows)).Select(r => r.Fields.Select(Csv.Unneutralise).ToArray()).ToArray();

        Assert.Equal(["name", "email"], back[0]);
        Assert.Equal(["=cmd()", "a@b.test"], back[1]);
        Assert.Equal(["Line\nbreak, \"quoted\"", ""], back[2]);
    }
}
