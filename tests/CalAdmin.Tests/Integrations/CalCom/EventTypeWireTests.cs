using System.Text.Json;
using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>Confirmation as Cal.com writes it (confirmationPolicy, 2024-06-14 / 2026-06-12), and as older answers did.</summary>
public sealed class EventTypeWireTests
{
    private static CalComEventType Read(string fields) =>
        JsonSerializer.Deserialize("""{"data":{"id":1,"title":"Intro",""" + fields + "}}", CalComJsonContext.Default.CalComResponseCalComEventType)!.Data!;

    [Theory]
    [InlineData("""  "confirmationPolicy": {"disabled": true}  """, false)]
    [InlineData("""  "confirmationPolicy": {"type": "always", "blockUnconfirmedBookingsInBooker": false}  """, true)]
    [InlineData("""  "confirmationPolicy": {"type": "time", "noticeThreshold": {"unit": "hours", "count": 24}, "blockUnconfirmedBookingsInBooker": true}  """, true)]
    [InlineData("""  "requiresConfirmation": false, "confirmationPolicy": null  """, false)]
    [InlineData("""  "requiresConfirmation": true  """, true)]
    [InlineData("""  "slug": "intro"  """, false)]
    public void Needs_confirmation_only_when_the_policy_or_an_older_answer_says_so(string fields, bool expected) =>
        Assert.Equal(expected, Read(fields).NeedsConfirmation);
}
