namespace CalAdmin.Web.Components.Shared;

/// <summary>What PagerToolbar draws: MudDataGridPager's icons (MudBlazor 9.14.0) and caption.</summary>
public static class Pager
{
    public const string FirstIcon = "M18.41 16.59L13.82 12l4.59-4.59L17 6l-6 6 6 6zM6 6h2v12H6z";
    public const string PreviousIcon = "M15.41 7.41L14 6l-6 6 6 6 1.41-1.41L10.83 12z";
    public const string NextIcon = "M10 6L8.59 7.41 13.17 12l-4.58 4.59L10 18l6-6z";
    public const string LastIcon = "M5.59 7.41L10.18 12l-4.59 4.59L7 18l6-6-6-6zM16 6h2v12h-2z";

    /// <summary>
    /// "26–50 of 1,234" for the page (from 0) of that size, or "0 of 0"; with <paramref name="moreThanTotal"/> (a count
    /// that stopped at <paramref name="total"/>) "26–50 of more than 10,000".
    /// </summary>
    public static string Caption(int pageIndex, int pageSize, int total, bool moreThanTotal = false) => total == 0
        ? "0 of 0"
        : $"{pageIndex * pageSize + 1:N0}–{Math.Min((pageIndex + 1) * pageSize, total):N0} of {(moreThanTotal ? "more than " : "")}{total:N0}";
}
