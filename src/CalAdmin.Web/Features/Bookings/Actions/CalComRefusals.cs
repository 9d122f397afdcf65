using System.Text.RegularExpressions;
using CalAdmin.Web.Integrations.CalCom;

namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>
/// Cal.com's refusals of booking actions, recognised by the texts its API really answers (apps/api/v2 bookings
/// 2024-08-13 services, zod-exception.filter.ts), in words an office can act on. Cal.com's own text is kept in brackets.
/// </summary>
public static partial class CalComRefusals
{
    public static string Explain(CalComException ex)
    {
        var said = ex.CalComMessage;
        if (said is null) return ex.Message;
        if (Has(said, "no other host is available at that time"))
            return $"Nobody else can take this booking at that time: every other round-robin host is busy or off. The booking keeps its host. (Cal.com: {said})";
        if (Has(said, "permission to reassign"))
            return $"Cal.com's API key is not allowed to reassign this booking: reassigning needs the key of an admin or owner of the team's event type. Ask an administrator to connect CalAdmin with such a key. (Cal.com: {said})";
        if (Has(said, "not a valid Round Robin host"))
            return $"That person is not a round-robin host of this event type, so Cal.com cannot give them the booking. Choose one of the event type's hosts. (Cal.com: {said})";
        if (Has(said, "user_is_round_robin_fixed"))
            return $"That person is a fixed host of this event type and attends every booking already; only the round-robin host can be replaced. (Cal.com: {said})";
        if (Has(said, "already has booking at this time") || Has(said, "not available"))
            return $"That time is no longer free: it was booked after you chose it, or no host can take it. Choose another time. (Cal.com: {said})";
        if (Has(said, "round robin"))
            return $"Cal.com can only reassign round-robin bookings. For a collective or managed booking, cancel it and book again with another host. (Cal.com: {said})";
        if (RequiredFields(said) is { Count: > 0 } fields)
            return $"A required question of this event type is not answered: {string.Join(", ", fields)}. (Cal.com: {said})";
        if (Has(said, "marked as absent after their scheduled start time"))
            return $"No-shows can be marked only once the booking has started. (Cal.com: {said})";
        if (Has(said, "in the past"))
            return $"That time has passed. Choose a later one. (Cal.com: {said})";
        return $"Cal.com refused: {said}";
    }

    /// <summary>The questions named in Cal.com's "responses - {slug}error_required_field, ..." answer.</summary>
    public static IReadOnlyList<string> RequiredFields(string said) =>
        RequiredField().Matches(said).Select(m => m.Groups[1].Value).Reverse().Distinct().ToList();

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\{([^{}]+)\}error_required_field")]
    private static partial Regex RequiredField();
}
