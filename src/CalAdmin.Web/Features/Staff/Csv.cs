using System.Text;

namespace CalAdmin.Web.Features.Staff;

/// <summary>One record of a CSV file and the (1-based) line it starts on, so errors can name the line a person sees.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF; a leading UTF-8 BOM is ignored.
/// Writing neutralises cells a spreadsheet would run as a formula.
/// </summary>
public static class Csv
{
    public static IReadOnlyList<CsvRecord> Read(string text)
    {
        var records = new List<CsvRecord>();
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];

        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldStarted = false;
        }

        void EndRecord()
        {
            EndField();
            // A blank line is no record (and no error): spreadsheets often leave one at the end.
            if (!(fields.Count == 1 && fields[0].Length == 0)) records.Add(new CsvRecord(recordLine, fields.ToList()));
            fields.Clear();
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }

            switch (c)
            {
                case '"' when !fieldStarted && field.Length == 0:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (inQuotes) throw new FormatException($"Line {recordLine}: a quoted field is not closed.");
        if (field.Length > 0 || fields.Count > 0 || fieldStarted) EndRecord();
        return records;
    }

    public static string Write(IEnumerable<IReadOnlyList<string?>> rows)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.AppendJoin(',', row.Select(Cell));
            sb.Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// One cell: formula-looking text gets a leading apostrophe; quotes, commas, semicolons and line breaks are quoted
    /// (a spreadsheet in a semicolon locale, e.g. German Excel, splits an unquoted cell at its ';').
    /// </summary>
    public static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', ';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    /// <summary>Undoes <see cref="Cell"/>'s apostrophe on import, so an exported file imports to the same values.</summary>
    public static string Unneutralise(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;
}
