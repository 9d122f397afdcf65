using MudBlazor;

namespace CalAdmin.Web.Components.Layout;

/// <summary>
/// Both palettes are chosen for WCAG 2.1 AA: every text colour reaches 4.5:1 on the backgrounds it is drawn on (filled
/// buttons and chips take their ...ContrastText, outlined and text ones sit on Background or Surface). The accessibility
/// browser test (tests/CalAdmin.E2E/Accessibility) checks it on every page.
/// </summary>
public static class CalAdminTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0a5bd3",
            Secondary = "#6e40c9",
            Success = "#18732f",
            Warning = "#8a5c00",
            Error = "#cf222e",
            Info = "#0969da",
            TextSecondary = "#57606a",
            AppbarBackground = "#111827",
            AppbarText = "#ffffff",
            Background = "#f6f8fa",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#58a6ff",
            PrimaryContrastText = "#0d1117",
            Secondary = "#bc8cff",
            SecondaryContrastText = "#0d1117",
            Success = "#3fb950",
            SuccessContrastText = "#0d1117",
            Warning = "#d29922",
            WarningContrastText = "#0d1117",
            Error = "#f85149",
            ErrorContrastText = "#0d1117",
            Info = "#58a6ff",
            InfoContrastText = "#0d1117",
            TextPrimary = "#e6edf3",
            TextSecondary = "#9da7b3",
            ActionDefault = "#c9d1d9",
            Background = "#0d1117",
            Surface = "#161b22",
            DrawerBackground = "#161b22",
            DrawerText = "#e6edf3",
            DrawerIcon = "#c9d1d9",
            AppbarBackground = "#010409",
            AppbarText = "#e6edf3",
            TableStriped = "rgba(255,255,255,0.03)",
            TableHover = "rgba(255,255,255,0.06)",
            LinesDefault = "rgba(255,255,255,0.15)",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };

    /// <summary>The same theme with its variables under <c>:root.caladmin-dark</c> (ThemeStyles draws its dark palette there).</summary>
    public static readonly MudTheme DarkScope = new()
    {
        PaletteLight = Theme.PaletteLight,
        PaletteDark = Theme.PaletteDark,
        LayoutProperties = Theme.LayoutProperties,
        PseudoCss = new PseudoCss { Scope = ":root." + ThemeStyles.DarkClass },
    };
}
