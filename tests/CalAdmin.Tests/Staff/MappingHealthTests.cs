using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Staff;

public sealed class MappingHealthTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    [Fact]
    public async Task Health_counts_equal_the_hand_counted_values_of_the_fixed_set()
    {
        await StaffTestData.SeedHealthSetAsync(factory.Services);
        await using var scope = factory.Services.CreateAsyncScope();
        var board = scope.ServiceProvider.GetRequiredService<MappingBoard>();

        var page = await board.LoadAsync(StaffTestData.Admin());

        Assert.Equal(new MappingHealth(Mapped: 4, HostsWithoutStaff: 3, StaffWithoutHost: 1, Orphaned: 1, Conflicts: 3, SharedHostEmails: 2, EmailMismatches: 1, AwaitingReview: 1), page.Health);
        Assert.Equal(9, page.Total);
    }

    [Theory]
    [InlineData(MappingFilter.Mapped, new[] { "101", "102", "103", "107" })]
    [InlineData(MappingFilter.HostsWithoutStaff, new[] { "104", "105", "108" })]
    [InlineData(MappingFilter.Orphaned, new[] { "106" })]
    [InlineData(MappingFilter.Conflicts, new[] { "103", "104", "105" })]
    [InlineData(MappingFilter.AwaitingReview, new[] { "107" })]
    public async Task Each_chip_filters_the_table_to_its_rows(MappingFilter filter, string[] calComUserIds)
    {
        await StaffTestData.SeedHealthSetAsync(factory.Services);
        await using var scope = factory.Services.CreateAsyncScope();

        var page = await scope.ServiceProvider.GetRequiredService<MappingBoard>().LoadAsync(StaffTestData.Admin(), filter);

        Assert.Equal(calComUserIds, page.Rows.Select(r => r.CalComUserId).Order());
    }

    [Fact]
    public async Task Staff_without_a_host_lists_only_active_unmapped_staff()
    {
        await StaffTestData.SeedHealthSetAsync(factory.Services);
        await using var scope = factory.Services.CreateAsyncScope();

        var page = await scope.ServiceProvider.GetRequiredService<MappingBoard>().LoadAsync(StaffTestData.Admin(), MappingFilter.StaffWithoutHost);

        Assert.Equal(["Dan Dyer"], page.Rows.Select(r => r.StaffName));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
