using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Refit;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>
/// ICalComApi against Cal.com's documents: every method's operation, path, query parameters, required parameters,
/// cal-api-version and body, each against the document of the version it sends (2024-* versions: the October 2025
/// spec, openapi-v2.json; the 2026 versions of the bookings list and actions: the 2026 docs, openapi-v2-2026.json).
/// Where the client departs from a document on purpose, the known error is named and checked to still be there.
/// </summary>
public sealed partial class CalComApiContractTests
{
    private static readonly JsonNode Spec = WithPathsOnlyIn2026(JsonNode.Parse(File.ReadAllText(TestPaths.OpenApiSpec))!);

    /// <summary>
    /// The team event-type webhook operations exist only in the 2026 docs (openapi-v2-2026.json): they join the
    /// October 2025 spec here, with the 2026 components they refer to that the older spec lacks.
    /// </summary>
    private static JsonNode WithPathsOnlyIn2026(JsonNode spec)
    {
        var newer = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.CalComReference, "openapi-v2-2026.json")))!;
        foreach (var (path, item) in newer["paths"]!.AsObject().Where(p => p.Key.StartsWith("/v2/teams/{teamId}/event-types/{eventTypeId}/webhooks")))
            spec["paths"]![path] ??= item!.DeepClone();
        foreach (var (name, schema) in newer["components"]!["schemas"]!.AsObject())
            spec["components"]!["schemas"]![name] ??= schema!.DeepClone();
        return spec;
    }
    private static readonly JsonNode Spec2026 = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.CalComReference, "openapi-v2-2026.json")))!;

    /// <summary>The versions the October 2025 spec does not know: their operations are checked against the 2026 docs.</summary>
    private static readonly string[] Versions2026 = [CalComApiVersions.BookingsList, CalComApiVersions.BookingActions];

    public static TheoryData<string> ApiMethods()
    {
        var data = new TheoryData<string>();
        foreach (var method in typeof(ICalComApi).GetMethods()) data.Add(method.Name);
        return data;
    }

    [Fact]
    public void Every_method_carries_a_Refit_verb()
    {
        Assert.All(typeof(ICalComApi).GetMethods(), m => Assert.NotNull(m.GetCustomAttribute<HttpMethodAttribute>()));
        Assert.Equal(30, typeof(ICalComApi).GetMethods().Length); // the operations the brief lists, the team event-type webhooks, the bookings list in both pagings
    }

    [Theory]
    [MemberData(nameof(ApiMethods))]
    public void Operation_exists_in_the_spec_with_this_method_and_path(string name)
    {
        var (verb, path, _, spec) = Describe(name);
        Assert.True(spec["paths"]![path] is not null, $"{name}: path {path} is not in the spec");
        Assert.True(spec["paths"]![path]![verb] is not null, $"{name}: {verb.ToUpperInvariant()} {path} is not in the spec");
    }

    [Theory]
    [MemberData(nameof(ApiMethods))]
    public void Path_and_query_parameters_match_the_spec(string name)
    {
        var (verb, path, method, spec) = Describe(name);
        var specParams = Parameters(spec, path, verb);
        var sent = SentParameters(method, path);

        foreach (var placeholder in PathPlaceholder().Matches(path).Select(m => m.Groups[1].Value))
        {
            Assert.Contains(placeholder, sent.Path);
            Assert.True(specParams.Any(p => p.In == "path" && p.Name == placeholder), $"{name}: path parameter {placeholder} not in the spec");
        }

        foreach (var query in sent.Query.Keys)
            Assert.True(specParams.Any(p => p.In == "query" && p.Name == query), $"{name}: query parameter '{query}' is not in the spec for {verb.ToUpperInvariant()} {path}");

        foreach (var required in specParams.Where(p => p.Required && p.In is "query" or "path"))
        {
            var isSent = required.In == "path" ? sent.Path.Contains(required.Name) : sent.Query.ContainsKey(required.Name);
            Assert.True(isSent, $"{name}: required {required.In} parameter '{required.Name}' is not sent");
            if (required.In == "query")
                Assert.False(IsNullable(sent.Query[required.Name]), $"{name}: required query parameter '{required.Name}' may be left out");
        }
    }

    [Theory]
    [MemberData(nameof(ApiMethods))]
    public void Cal_api_version_is_the_one_the_spec_gives(string name)
    {
        var (verb, path, method, spec) = Describe(name);
        var specHeader = Parameters(spec, path, verb).SingleOrDefault(p => p.In == "header" && p.Name == CalComApiVersions.Header);
        var sent = TaggedVersion(method);

        if (specHeader is null)
        {
            Assert.True(sent is null, $"{name}: sends cal-api-version {sent} but the spec has none for {path}");
            return;
        }
        Assert.True(specHeader.Required, $"{name}: the spec makes cal-api-version optional");
        Assert.Equal(specHeader.Version, sent);
    }

    [Theory]
    [MemberData(nameof(ApiMethods))]
    public void A_body_is_sent_exactly_where_the_spec_has_one(string name)
    {
        var (verb, path, method, spec) = Describe(name);
        var specHasBody = spec["paths"]![path]![verb]!["requestBody"] is not null;
        var sendsBody = method.GetParameters().Any(p => p.GetCustomAttribute<BodyAttribute>() is not null);
        Assert.True(specHasBody == sendsBody, $"{name}: spec body {specHasBody}, client body {sendsBody}");
    }

    /// <summary>A sample of every request DTO, serialized as the client sends it.</summary>
    public static TheoryData<string> RequestBodies() => new(RequestSamples.Keys);

    private static readonly Dictionary<string, object> RequestSamples = new()
    {
        [nameof(ICalComApi.CreateBookingAsync)] = new CreateBookingRequest(
            new DateTimeOffset(2030, 1, 8, 9, 0, 0, TimeSpan.Zero), new CreateBookingAttendee("Ada Lovelace", "Europe/London")),
        [nameof(ICalComApi.CancelBookingAsync)] = new CancelBookingRequest("Client asked"),
        [nameof(ICalComApi.RescheduleBookingAsync)] = new RescheduleBookingRequest(new DateTimeOffset(2030, 1, 9, 9, 0, 0, TimeSpan.Zero)),
        [nameof(ICalComApi.ReassignBookingToUserAsync)] = new ReassignBookingToUserRequest("Host is ill"),
        [nameof(ICalComApi.DeclineBookingAsync)] = new DeclineBookingRequest("Fully booked"),
        [nameof(ICalComApi.MarkAbsentAsync)] = new MarkAbsentRequest(false, [new MarkAbsentAttendee("ada@example.com", true)]),
        [nameof(ICalComApi.ReserveSlotAsync)] = new ReserveSlotRequest(12, new DateTimeOffset(2030, 1, 8, 9, 0, 0, TimeSpan.Zero)),
        [nameof(ICalComApi.CreateWebhookAsync)] = new CreateWebhookRequest(true, "https://admin.example.com/webhooks/calcom", ["BOOKING_CREATED"]),
        [nameof(ICalComApi.CreateEventTypeWebhookAsync)] = new CreateWebhookRequest(true, "https://admin.example.com/webhooks/calcom", ["BOOKING_CREATED"]),
        [nameof(ICalComApi.CreateOrganizationWebhookAsync)] = new CreateWebhookRequest(true, "https://admin.example.com/webhooks/calcom", ["BOOKING_CREATED"]),
        [nameof(ICalComApi.CreateTeamEventTypeWebhookAsync)] = new CreateWebhookRequest(true, "https://admin.example.com/webhooks/calcom", ["BOOKING_CREATED"]),
        [nameof(ICalComApi.UpdateTeamEventTypeWebhookAsync)] = new UpdateWebhookRequest(["BOOKING_CREATED", "BOOKING_REASSIGNED"], Active: true),
    };

    [Fact]
    public void Every_method_with_a_body_has_a_sample()
    {
        var withBody = typeof(ICalComApi).GetMethods().Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<BodyAttribute>() is not null)).Select(m => m.Name);
        Assert.Equal(withBody.Order(), RequestSamples.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(RequestBodies))]
    public void Request_body_serializes_what_the_spec_requires_and_nothing_it_lacks(string name)
    {
        var (verb, path, method, spec) = Describe(name);
        var bodyType = method.GetParameters().Single(p => p.GetCustomAttribute<BodyAttribute>() is not null).ParameterType;
        var sample = RequestSamples[name];
        Assert.IsType(bodyType, sample);

        var json = JsonNode.Parse(JsonSerializer.Serialize(sample, bodyType, CalComJsonContext.Default))!.AsObject();
        var schema = BodySchema(spec, path, verb);
        CheckObject(spec, json, schema, $"{name} body");
    }

    [Fact]
    public void Known_spec_errors_are_still_in_the_spec_so_the_client_departs_on_purpose()
    {
        var schemas = Spec["components"]!["schemas"]!;
        // Memberships: the spec documents data as one membership; Cal.com answers an array (CalComListResponse).
        Assert.Null(schemas["GetTeamMembershipsOutput"]!["properties"]!["data"]!["type"]);
        // Webhooks: the spec types triggers as one string; Cal.com takes an array (CreateWebhookRequest.Triggers).
        Assert.Equal("string", (string?)schemas["CreateWebhookInputDto"]!["properties"]!["triggers"]!["type"]);
        // Reassign: the spec's output refers to itself; Cal.com answers {bookingUid, reassignedTo:{id,name,email}} (CalComReassignment).
        Assert.Contains("ReassignBookingOutput_2024_08_13", schemas["ReassignBookingOutput_2024_08_13"]!["properties"]!["data"]!.ToJsonString());
        // Team event type hosts: the spec says strings; Cal.com answers host objects (CalComEventTypeHost).
        Assert.Equal("string", (string?)schemas["TeamEventTypeOutput_2024_06_14"]!["properties"]!["hosts"]!["items"]!["type"]);
    }

    [Fact]
    public void Default_api_versions_are_the_ones_the_docs_give()
    {
        string Version(JsonNode spec, string path, string verb) => Parameters(spec, path, verb).Single(p => p.Name == CalComApiVersions.Header).Version!;

        Assert.Equal(CalComApiVersions.BookingsList, Version(Spec2026, "/v2/bookings", "get"));
        Assert.Equal(CalComApiVersions.BookingActions, Version(Spec2026, "/v2/bookings/{bookingUid}/cancel", "post"));
        Assert.Equal(CalComApiVersions.BookingsListByPage, Version(Spec, "/v2/bookings", "get"));
        Assert.Equal(CalComApiVersions.Slots, Version(Spec2026, "/v2/slots", "get"));
        // Event types: the shape CalAdmin reads is 2024-06-14's, which the 2026 docs no longer name (they give 2026-06-12).
        Assert.Equal(CalComApiVersions.EventTypes, Version(Spec, "/v2/event-types", "get"));
        // The tags are how the version handler tells the groups apart.
        string[] tags = [CalComApiVersions.BookingsList, CalComApiVersions.BookingsListByPage, CalComApiVersions.BookingActions, CalComApiVersions.Slots, CalComApiVersions.EventTypes];
        Assert.Equal(tags.Length, tags.Distinct().Count());
    }

    // --- helpers ---

    private static void CheckObject(JsonNode spec, JsonObject json, JsonNode schema, string where)
    {
        var properties = schema["properties"]?.AsObject() ?? [];
        foreach (var required in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
            Assert.True(json.ContainsKey(required), $"{where}: required property '{required}' is not serialized");

        foreach (var (property, value) in json)
        {
            Assert.True(properties.ContainsKey(property), $"{where}: '{property}' is not in the spec schema");
            if (value is JsonObject nested && Resolve(spec, properties[property]!) is { } nestedSchema)
                CheckObject(spec, nested, nestedSchema, $"{where}.{property}");
        }
    }

    /// <summary>The schema a body or property refers to: $ref, allOf[0] or oneOf[0] (the non-recurring, non-seated variant).</summary>
    private static JsonNode? Resolve(JsonNode spec, JsonNode node)
    {
        var reference = (string?)node["$ref"] ?? (string?)node["allOf"]?[0]?["$ref"] ?? (string?)node["oneOf"]?[0]?["$ref"];
        return reference is null ? null : spec["components"]!["schemas"]![reference.Split('/')[^1]];
    }

    private static JsonNode BodySchema(JsonNode spec, string path, string verb) =>
        Resolve(spec, spec["paths"]![path]![verb]!["requestBody"]!["content"]!["application/json"]!["schema"]!)
        ?? throw new InvalidOperationException($"No body schema for {verb} {path}");

    private static (string Verb, string Path, MethodInfo Method, JsonNode Spec) Describe(string name)
    {
        var method = typeof(ICalComApi).GetMethod(name)!;
        var attribute = method.GetCustomAttribute<HttpMethodAttribute>()!;
        var version = TaggedVersion(method);
        return (attribute.Method.Method.ToLowerInvariant(), attribute.Path, method, version is not null && Versions2026.Contains(version) ? Spec2026 : Spec);
    }

    private static string? TaggedVersion(MethodInfo method) =>
        method.GetCustomAttribute<HeadersAttribute>()?.Headers
            .Select(h => h.Split(':', 2))
            .Where(h => h[0].Trim().Equals(CalComApiVersions.Header, StringComparison.OrdinalIgnoreCase))
            .Select(h => h[1].Trim())
            .SingleOrDefault();

    private sealed record SpecParameter(string Name, string In, bool Required, string? Version);

    private static List<SpecParameter> Parameters(JsonNode spec, string path, string verb)
    {
        var pathItem = spec["paths"]![path]!;
        var all = (pathItem["parameters"]?.AsArray() ?? []).Concat(pathItem[verb]!["parameters"]?.AsArray() ?? []);
        return all.Select(p => new SpecParameter(
            (string)p!["name"]!, (string)p["in"]!, (bool?)p["required"] ?? false, VersionOf(p))).ToList();
    }

    /// <summary>cal-api-version's value: the schema's enum or default, else "Must be set to X" in the description.</summary>
    private static string? VersionOf(JsonNode parameter)
    {
        if ((string?)parameter["name"] != CalComApiVersions.Header) return null;
        var schema = parameter["schema"];
        var described = VersionInText().Match((string?)parameter["description"] ?? "");
        return (string?)schema?["enum"]?[0] ?? (string?)schema?["default"] ?? (described.Success ? described.Value : null);
    }

    private sealed record Sent(HashSet<string> Path, Dictionary<string, ParameterInfo> Query);

    private static Sent SentParameters(MethodInfo method, string path)
    {
        var placeholders = PathPlaceholder().Matches(path).Select(m => m.Groups[1].Value).ToHashSet();
        var sent = new Sent([], []);
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.ParameterType == typeof(CancellationToken) || parameter.GetCustomAttribute<BodyAttribute>() is not null) continue;
            var wireName = parameter.GetCustomAttribute<AliasAsAttribute>()?.Name ?? parameter.Name!;
            if (placeholders.Contains(wireName)) sent.Path.Add(wireName);
            else sent.Query[wireName] = parameter;
        }
        return sent;
    }

    private static bool IsNullable(ParameterInfo parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        || new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable;

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathPlaceholder();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex VersionInText();
}
