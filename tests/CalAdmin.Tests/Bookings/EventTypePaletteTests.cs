using CalAdmin.Web.Features.Calendar;

namespace CalAdmin.Tests.Bookings;

/// <summary>Booking text on an event-type colour is black or white, whichever reaches WCAG AA (4.5:1) on it.</summary>
public sealed class EventTypePaletteTests
{
    [Theory]
    [InlineData("#ffffff", 1.0)]
    [InlineData("#000000", 0.0)]
    [InlineData("#7f7f7f", 0.2122)]
    [InlineData("#1f77b4", 0.1678)]
    public void Relative_luminance_follows_wcag(string colour, double expected) =>
        Assert.Equal(expected, EventTypePalette.RelativeLuminance(colour), 3);

    [Theory]
    [InlineData("#bcbd22", "#000000")] // olive: white on it is 2.0:1
    [InlineData("#17becf", "#000000")]
    [InlineData("#7f7f7f", "#000000")] // mid grey: white 4.0:1, black 5.3:1
    [InlineData("#3b5b92", "#ffffff")]
    [InlineData("#006d5b", "#ffffff")]
    [InlineData("#d62728", "#ffffff")]
    public void Text_is_black_on_light_colours_and_white_on_dark_ones(string background, string text) =>
        Assert.Equal(text, EventTypePalette.TextFor(background));

    [Fact]
    public void Every_colour_of_the_palette_gets_text_of_at_least_4_5_to_1()
    {
        for (var key = 0; key < 12; key++)
        {
            var background = EventTypePalette.ColorFor(key);
            var text = EventTypePalette.TextFor(background);
            var ratio = EventTypePalette.ContrastRatio(EventTypePalette.RelativeLuminance(background), EventTypePalette.RelativeLuminance(text));
            Assert.True(ratio >= 4.5, $"{text} on {background} is {ratio:0.00}:1");
        }
    }

    [Fact]
    public void A_colour_that_is_not_rrggbb_is_refused() =>
        Assert.Throws<FormatException>(() => EventTypePalette.RelativeLuminance("red"));
}
