using OneDay.Api.Analytics;
using OneDay.Api.Caching;
using OneDay.Api.Communication;
using OneDay.Api.Jobs;
using OneDay.Api.Matching;
using OneDay.Api.OpenApi;
using OneDay.Api.Payments;
using OneDay.Api.Payments.Providers;
using OneDay.Api.Security;
using OneDay.Api.Users;

namespace OneDay.Api.Hosting;

/// <summary>Every domain's route group, under /api/&lt;domain&gt;.</summary>
public static class ApiRoutes
{
    public static IEndpointRouteBuilder MapOneDayApi(this IEndpointRouteBuilder app)
    {
        // Signed in by default: an endpoint is public only by saying AllowAnonymous (the route-inventory
        // test lists those). Unknown routes and wrong methods stay 404/405 because this is not a fallback policy.
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapUsersApi();
        var security = api.MapGroup("/security").WithTags(ApiTags.Security);
        security.MapTokenApi();
        security.MapAuditApi();
        api.MapEventStoreAdminApi();
        api.MapKpiApi();
        api.MapOpsApi();
        api.MapGroup("/jobs").WithTags(ApiTags.Jobs).EvictsJobsOnWrite().MapJobsApi();
        api.MapGroup("/payments").WithTags(ApiTags.Payments).MapPaymentsApi().MapPayoutsApi().MapPaymentAdminApi().MapPaymentProvidersApi();
        api.MapGroup("/matching").WithTags(ApiTags.Matching).MapMatchingApi();
        api.MapGroup("/jobs").WithTags(ApiTags.Matching).MapCandidatesApi();
        api.MapGroup("/communication").WithTags(ApiTags.Communication).MapNotificationsApi().MapConversationsApi().MapEmailAdminApi();
        return app;
    }
}
