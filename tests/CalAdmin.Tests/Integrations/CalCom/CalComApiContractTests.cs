using System.Collections;
using System.Reflection;
using System.Text.Json;
using CalAdmin.Tests.Integrations.CalCom.Contract;
using CalAdmin.Web.Integrations.CalCom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Refit;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>
/// Every request CalAdmin's client can send, against the contract (Fixtures/CalCom/contract.json): each ICalComApi
/// method is called through the real handler pipeline (configured cal-api-version, auth) with every argument and
/// every body field filled, and what reached the wire must be an operation and version the contract documents, with
/// its query parameter names, its required parameters, and a body whose field names and JSON types it documents.
/// A new method needs nothing here; a new operation needs only its entry in contract.json.
/// </summary>
public sealed class CalComApiContractTests
{
    /// <summary>
    /// The client's settings the requests are recorded under (section CalCom): today's defaults, and the earlier booking
    /// versions an administrator may set (CalCom:ApiVersions). Each request must match the contract in each.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string?>> SettingSets = new()
    {
        ["defaults"] = new(),
        ["2024-08-13 bookings"] = new() { ["ApiVersions:BookingsList"] = "2024-08-13", ["ApiVersions:BookingActions"] = "2024-08-13" },
    };

    /// <summary>Every method under every setting set it is called with: each bookings list paging exists for its own versions.</summary>
    public static TheoryData<string, string> ApiMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in typeof(ICalComApi).GetMethods().Select(m => m.Name).Order())
            foreach (var set in SettingSets.Keys)
            {
                if (name == nameof(ICalComApi.GetBookingsAsync) && set != "defaults") continue;
                if (name == nameof(ICalComApi.GetBookingsByPageAsync) && set == "defaults") continue;
                data.Add(name, set);
            }
        return data;
    }

    [Fact]
    public void Every_method_carries_a_Refit_verb() =>
        Assert.All(typeof(ICalComApi).GetMethods(), m => Assert.NotNull(m.GetCustomAttribute<HttpMethodAttribute>()));

    [Theory]
    [MemberData(nameof(ApiMethods))]
    public async Task The_request_is_an_operation_and_version_of_the_contract(string name, string settings)
    {
        var sent = await RecordAsync(name, SettingSets[settings]);
        var (operation, problem) = CalComContract.Find(sent.Method, sent.Path, sent.Header(CalComApiVersions.Header));
        Assert.True(operation is not null, $"{name}: {problem}");

        var problems = new List<string>();
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(sent.Query);
        var parameters = operation.Parameters;
        foreach (var key in query.Keys.Where(k => !parameters.Any(p => p.In == "query" && p.Name == k)))
            problems.Add($"query parameter '{key}' is not documented");
        foreach (var required in parameters.Where(p => p.Required && p.In == "query" && !query.ContainsKey(p.Name)))
            problems.Add($"required query parameter '{required.Name}' is not sent");

        if (operation.RequestBody is { } schema)
        {
            if (sent.Body.Length == 0) problems.Add("the contract documents a body; none is sent");
            else problems.AddRange(SchemaCheck.Problems(schema, JsonDocument.Parse(sent.Body).RootElement, "body", closed: true));
        }
        else if (sent.Body.Length > 0) problems.Add("a body is sent; the contract documents none");

        problems = KnownDifferences.Unexcused(operation.ToString(), problems);
        Assert.True(problems.Count == 0, $"{name} → {operation}:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void A_request_whose_operation_is_missing_from_the_contract_is_named()
    {
        var (operation, problem) = CalComContract.Find("GET", "/v2/routing-forms/7/responses", null);
        Assert.Null(operation);
        Assert.Contains("no operation with this path is in the contract", problem);
        Assert.Contains("not one the contract documents", CalComContract.Find("GET", "/v2/bookings", "2099-01-01").Problem);
        Assert.Contains("not the method PUT", CalComContract.Find("PUT", "/v2/bookings", "2024-08-13").Problem);
    }

    [Fact]
    public void The_contract_carries_the_facts_the_specs_get_wrong()
    {
        var closed = JsonDocument.Parse("""{"userId":1,"name":"A","username":"a","mandatory":false,"priority":"medium","weight":100}""").RootElement;
        Assert.Contains(SchemaCheck.Problems(CalComContract.Component("TeamEventTypeResponseHost"), closed, "$", false), p => p.Contains("$.weight"));

        var webhook = CalComContract.Find("GET", "/v2/webhooks", null).Operation!;
        var numericId = JsonDocument.Parse("""{"status":"success","data":[{"id":12,"userId":1,"payloadTemplate":null,"triggers":["BOOKING_CREATED"],"subscriberUrl":"https://x","active":true,"version":"2021-10-20"}]}""").RootElement;
        Assert.Contains(webhook.AnswerProblems(200, numericId), p => p.Contains("$.data[0].id") && p.Contains("string"));

        var list = CalComContract.Find("GET", "/v2/bookings", "2024-08-13").Operation!;
        var page = JsonDocument.Parse("""{"status":"success","data":[],"pagination":{"totalItems":null,"remainingItems":0,"itemsReturned":0,"itemsPerPage":10,"currentPage":1,"totalPages":0,"hasNextPage":false,"hasPreviousPage":false}}""").RootElement;
        Assert.Empty(list.AnswerProblems(200, page));

        var eventType = CalComContract.Find("GET", "/v2/event-types/5", "2024-06-14").Operation!;
        var withFlag = JsonDocument.Parse("""{"status":"success","data":{"requiresConfirmation":true}}""").RootElement;
        Assert.Contains(eventType.AnswerProblems(200, withFlag), p => p.Contains("requiresConfirmation") && p.Contains("must not"));
    }

    // --- recording ---

    private static async Task<ScriptedCalCom.SeenRequest> RecordAsync(string name, IDictionary<string, string?> settings)
    {
        var method = typeof(ICalComApi).GetMethod(name)!;
        await using var server = await ScriptedCalCom.StartAsync(app =>
            app.Run(context => ScriptedCalCom.Json("""{"status":"success","data":[]}""").ExecuteAsync(context)));
        await using var host = CalComTestHost.Create(server.BaseUrl, settings);
        var api = host.Get<ICalComApi>();
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(CancellationToken) ? CancellationToken.None : Sample(p.ParameterType, p.Name!)).ToArray();
        try
        {
            await (Task)method.Invoke(api, arguments)!;
        }
        catch (Exception ex) when (ex is ApiException or JsonException or CalComException or InvalidOperationException or TargetInvocationException)
        {
            // The canned answer need not fit the method's result: only the request is under test.
        }
        return Assert.Single(server.Seen);
    }

    /// <summary>A value for every parameter and every constructor field, optional ones included, so each reaches the wire.</summary>
    private static object? Sample(Type type, string name, int depth = 0)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return name.Contains("email", StringComparison.OrdinalIgnoreCase) ? "ada@example.com" : "sample-" + name;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return Convert.ChangeType(7, type);
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return Convert.ChangeType(1.5, type);
        if (type == typeof(bool)) return true;
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2030, 1, 8, 9, 0, 0, TimeSpan.Zero);
        if (type == typeof(DateTime)) return new DateTime(2030, 1, 8, 9, 0, 0, DateTimeKind.Utc);
        if (type == typeof(DateOnly)) return new DateOnly(2030, 1, 8);
        if (type == typeof(Guid)) return Guid.Parse("2bdfc20b-aa4a-4863-a499-932cb1d4e69a");
        if (type == typeof(JsonElement) || type == typeof(object)) return JsonSerializer.SerializeToElement("sample-" + name);
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (depth > 6) return null;
        if (type.IsArray) return OneElement(type.GetElementType()!, name, depth);
        if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
            && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(key, value))!;
            dictionary["sampleKey"] = Sample(value, "value", depth + 1);
            return dictionary;
        }
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.GetGenericArguments()[0];
            var list = OneElement(element, name, depth);
            return type.IsInterface || type.GetGenericTypeDefinition() == typeof(List<>)
                ? Activator.CreateInstance(typeof(List<>).MakeGenericType(element), list) : list;
        }
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"No sample for {type.Name} ({name}): add a case to Sample");
        return constructor.Invoke(constructor.GetParameters().Select(p => Sample(p.ParameterType, p.Name!, depth + 1)).ToArray());
    }

    private static Array OneElement(Type element, string name, int depth)
    {
        var array = Array.CreateInstance(element, 1);
        array.SetValue(Sample(element, name, depth + 1), 0);
        return array;
    }
}
